// Drafting in a real browser: a story on the desk is drafted by the
// machine; the draft opens with each sentence's source beside it; a
// sentence the editor adds with an invented name and figure is marked
// unsupported and flagged by the checks; the editor cuts it, names themselves as
// accountable editor and publishes; the public page shows the disclosure
// line and the sources.
//
// Needs: target/release/dateline (built by e2e/run), Debian's chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dataFolder, launchChromium, serve, signIn } from "./support.mjs";

const folder = dataFolder("drafting");
let server;
let base;
let browser;

function ninjs(dir, name, uri, agency, headline, body, at) {
  writeFileSync(join(dir, name), JSON.stringify({
    uri, type: "text", version: "1", language: "en", firstCreated: at, versionCreated: at,
    infoSources: [{ name: agency }],
    headlines: [{ role: "main", value: headline }],
    bodies: [{ role: "main", contentType: "text/plain", value: body }],
  }));
}

before(async () => {
  folder.addUser("ed@example.org", "Edda Park", "editor");
  folder.dateline(["section", "add", "City"]);
  const items = mkdtempSync(join(tmpdir(), "dateline-e2e-items-"));
  ninjs(items, "a.json", "urn:e2e:bridge-1", "Harbour Wire", "Swing bridge reopens in Port Aster after repairs",
    "PORT ASTER, Dec 2 (Harbour Wire) - The Port Aster swing bridge reopened to traffic on Wednesday after eleven weeks of repairs costing 4.2 million euros, the harbour board said.\n\nEngineers replaced the bridge's 1930s turning gear and repaired corrosion on the main span.\n\nAbout 18,000 vehicles crossed the bridge each day before it closed in September.",
    "2026-12-02T09:00:00Z");
  ninjs(items, "b.json", "urn:e2e:bridge-2", "Coastal Agency", "Port Aster bridge back in service",
    "PORT ASTER, Dec 2 (Coastal Agency) - Drivers returned to the Port Aster swing bridge on Wednesday as it reopened after repairs that cost 4.2 million euros.\n\nThe harbour board chair, Lena Ortiz, thanked residents for their patience during the eleven-week closure.",
    "2026-12-02T10:00:00Z");
  ninjs(items, "c.json", "urn:e2e:bridge-3", "Northwire", "Port Aster's swing bridge reopens",
    "PORT ASTER, Dec 2 (Northwire) - Port Aster's swing bridge carried traffic again on Wednesday, eleven weeks after it closed for repairs.\n\nLocal businesses on the island side of the harbour said trade had fallen during the closure.",
    "2026-12-02T11:00:00Z");
  folder.dateline(["wire", "import", items]);
  ({ server, base } = await serve(folder.data));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.kill();
  folder.remove();
});

test("a machine draft shows where each sentence comes from and goes out under a named editor", async () => {
  const page = await signIn(browser, base, "ed@example.org");
  await page.goto(`${base}/admin/wire/stories`);
  await page.getByRole("link", { name: /bridge/i }).first().click();
  await page.getByLabel("Words").fill("80");
  await page.getByRole("button", { name: "Draft it" }).click();
  await page.waitForURL(/\/admin\/articles\/\d+$/);

  // Each sentence with its source, none unsupported.
  const panel = page.locator("#sentence-sources");
  await panel.waitFor();
  assert.ok((await panel.locator("li.supported").count()) >= 2);
  assert.equal(await panel.locator("li.unsupported").count(), 0);
  assert.match(await panel.innerText(), /urn:e2e:bridge-/);
  assert.equal(await page.getByLabel("Provenance").inputValue(), "ai-generated");

  // An invented sentence is marked and flagged.
  const body = page.getByLabel("Body (Markdown)");
  const drafted = await body.inputValue();
  await body.fill(`${drafted}\n\nThe mayor, Ann Holt, said 9,999 people attended the reopening.`);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.waitForURL(/\/admin\/articles\/\d+(\?.*)?$/);
  await panel.locator("li.unsupported").first().waitFor();
  assert.match(await panel.locator("li.unsupported").innerText(), /no agency item says this/);
  await page.locator('#checks li[data-rule="unsourced-figure"]').first().waitFor();
  // It is a check error as well, with the names and figure it invents.
  assert.match(
    await page.locator('#checks li[data-rule="unsupported-sentence"]').first().innerText(),
    /error[\s\S]*ann, holt, 9999/,
  );

  // The editor cuts it, names themselves, and publishes.
  await body.fill(drafted);
  await page.getByLabel(/^Accountable editor/).fill("Edda Park");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.waitForURL(/\/admin\/articles\/\d+(\?.*)?$/);
  assert.equal(await panel.locator("li.unsupported").count(), 0);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByRole("link", { name: "View on the site" }).click();
  await page.getByText(/Drafted by a machine from the sources listed below; edited and approved by Edda Park/).first().waitFor();
  const text = await page.locator("main").innerText();
  assert.match(text, /Harbour Wire/);
  assert.match(text, /Coastal Agency/);
});
