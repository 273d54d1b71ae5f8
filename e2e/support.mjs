// What the browser tests share: the binary, a fresh data folder with its
// accounts, a server on a free loopback port, Debian's Chromium, sign-in.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const BIN = process.env.DATELINE_BIN ?? new URL("../target/release/dateline", import.meta.url).pathname;
export const PASSWORD = "a long enough passphrase";

/** A fresh data folder, and `dateline ARGS --data FOLDER`, which must succeed. */
export function dataFolder(name) {
  const data = mkdtempSync(join(tmpdir(), `dateline-e2e-${name}-`));
  const dateline = (args, input) => {
    const out = spawnSync(BIN, [...args, "--data", data], { input, encoding: "utf8", env: { ...process.env, RUST_LOG: "warn" } });
    assert.equal(out.status, 0, out.stderr);
    return out.stdout;
  };
  const addUser = (email, name, role) =>
    dateline(["user", "add", email, "--name", name, "--role", role, "--password-stdin"], PASSWORD);
  return { data, dateline, addUser, remove: () => rmSync(data, { recursive: true, force: true }) };
}

/** `dateline serve` over `data` with `extra` flags; resolves to { server, base }. */
export async function serve(data, extra = []) {
  // E2E_RUST_LOG=info shows the server's log when a test needs explaining.
  const server = spawn(BIN, ["serve", "--no-demo", "--listen", "127.0.0.1:0", "--data", data, ...extra], {
    env: { ...process.env, RUST_LOG: process.env.E2E_RUST_LOG ?? "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not start")), 60_000);
    server.stdout.on("data", (chunk) => {
      const match = /Dateline is serving (\S+?)\/?$/m.exec(chunk.toString());
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ""));
      }
    });
  });
  return { server, base };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

/** A page in a fresh browser context, signed in to the newsroom. */
export async function signIn(browser, base, email) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/admin/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/admin/`);
  return page;
}
