// Readers' comments in a real browser: a reader comments (held, as a
// first-time commenter), an editor approves it in the queue, it appears;
// a reply posted through the page's script appears under its parent; a
// reader without JavaScript posts through the preview step. Then every
// payload of the XSS corpus is posted, approved and shown, and Chromium
// loads each page of comments: no dialog opens, no script runs, no
// element is injected.
//
// This server runs with a permissive Content-Security-Policy, so that it
// is the sanitizer, not the policy, that keeps the payloads inert.
//
// Needs: target/release/dateline (built by e2e/run), Debian's chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dataFolder, launchChromium, serve, signIn as signInAt } from "./support.mjs";

const PAYLOADS = readFileSync(new URL("fixtures/xss-payloads.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.length > 0);
const folder = dataFolder("comments");
const ARTICLE = "/2026/11/20/ferry-timetable-changes-for-winter";
let server;
let base;
let browser;

before(async () => {
  folder.addUser("ed@example.org", "Edda Park", "editor");
  folder.addUser("root@example.org", "Ada Root", "admin");
  const article = join(folder.data, "ferry.md");
  writeFileSync(article, [
    "---",
    'headline: "Ferry timetable changes for winter"',
    "section: Transport",
    'authors: [{name: "Rae Quinn", role: "Transport reporter"}]',
    "published: 2026-11-20T08:00:00Z",
    "---",
    "The winter timetable starts on 1 December, with two fewer crossings a day.",
    "",
  ].join("\n"));
  folder.dateline(["import", "markdown", article]);
  ({ server, base } = await serve(folder.data, ["--comment-min-seconds", "1",
    "--content-security-policy", "default-src * 'unsafe-inline' 'unsafe-eval' data:"]));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.kill();
  folder.remove();
});

const signIn = (email) => signInAt(browser, base, email);

async function writeComment(page, name, email, text) {
  await page.getByLabel("Name").fill(name);
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel("Comment", { exact: true }).fill(text);
  // People take a moment; the form refuses posts quicker than the site's minimum.
  await page.waitForTimeout(1_300);
  await page.getByRole("button", { name: "Post comment" }).click();
}

test("a reader comments, an editor approves, a reply appears under its parent", async () => {
  const reader = await (await browser.newContext()).newPage();
  await reader.goto(`${base}${ARTICLE}`);
  await reader.getByText("No comments yet.").waitFor();
  await writeComment(reader, "Ines Ferry", "ines@example.org", "Two fewer crossings is a *real* loss for commuters.");
  await reader.getByText("will appear once the newsroom has read it").waitFor();
  assert.equal(await reader.locator("#comments article.comment").count(), 0, "held for review");

  const editor = await signIn("ed@example.org");
  await editor.getByRole("link", { name: /1 comment waits for moderation/ }).click();
  await editor.getByText("Two fewer crossings is a").waitFor();
  await editor.getByRole("button", { name: "Approve" }).click();
  await editor.getByText("1 comment approved.").waitFor();

  await reader.reload();
  const first = reader.locator("#comments article.comment").first();
  await first.getByText("Two fewer crossings is a real loss for commuters.").waitFor();
  assert.equal(await first.locator("em").textContent(), "real");

  // A reply through the page's script: the form moves under the comment,
  // and the reply appears beneath it without a reload (a known commenter
  // is not held again).
  await reader.getByRole("link", { name: "Reply to Ines Ferry" }).click();
  await reader.getByText("Replying to Ines Ferry").waitFor();
  await writeComment(reader, "Ines Ferry", "ines@example.org", "Update: the council meets on Friday.");
  await reader.getByText("Thank you: your comment is published.").waitFor();
  const reply = reader.locator("#comments ol.replies article.comment");
  await reply.getByText("Update: the council meets on Friday.").waitFor();
  await reader.reload();
  const thread = reader.locator("#comments .comment-list > li").first();
  await thread.locator("ol.replies").getByText("Update: the council meets on Friday.").waitFor();

  // Without JavaScript the same form works: preview, then post.
  const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await plain.goto(`${base}${ARTICLE}`);
  await writeComment(plain, "Tomas Reed", "tomas@example.org", "Will the **night** ferry stay?");
  await plain.getByRole("heading", { name: "Check your comment" }).waitFor();
  await plain.locator(".comment-preview strong", { hasText: "night" }).waitFor();
  await plain.waitForTimeout(1_300);
  await plain.getByRole("button", { name: "Post comment" }).click();
  await plain.getByText("will appear once the newsroom has read it").waitFor();
});

test("the XSS corpus, posted and approved, runs nothing in Chromium", async () => {
  assert.ok(PAYLOADS.length >= 100, `${PAYLOADS.length} payloads`);
  // Comments appear at once, and the limits allow the whole corpus.
  const admin = await signIn("root@example.org");
  await admin.goto(`${base}/admin/comments/settings`);
  await admin.getByLabel("Hold for review").selectOption("none");
  await admin.getByLabel("Links allowed per comment").fill("50");
  await admin.getByLabel("Comments per network address per hour").fill("10000");
  await admin.getByLabel("Comments per article per hour").fill("100000");
  await admin.getByRole("button", { name: "Save comment settings" }).click();
  await admin.getByText("Saved.").waitFor();

  const page = await (await browser.newContext()).newPage();
  await page.goto(`${base}${ARTICLE}`);
  const article = await page.locator("input[name=article]").inputValue();
  const { token } = await (await fetch(`${base}/comments/token?article=${article}`)).json();
  await new Promise((r) => setTimeout(r, 1_200));
  const refused = [];
  for (const [i, payload] of PAYLOADS.entries()) {
    const response = await fetch(`${base}/comments`, {
      method: "POST",
      headers: { accept: "application/json" },
      body: new URLSearchParams({ article, token, name: `Tester ${i}`, email: `xss${i}@example.org`, body: payload, parent: "", website: "" }),
    });
    if (response.status !== 201) refused.push(`${response.status} ${payload}: ${(await response.json()).error}`);
  }
  // Only refusals that are the rules at work (an empty text after trimming).
  assert.ok(refused.length <= 5, `refused:\n${refused.join("\n")}`);
  const shown = PAYLOADS.length - refused.length;

  // A fresh browser context: the one above keeps the first page cached.
  const viewer = await (await browser.newContext()).newPage();
  const dialogs = [];
  viewer.on("dialog", async (dialog) => {
    dialogs.push(`${viewer.url()}: ${dialog.type()} ${dialog.message()}`);
    await dialog.dismiss();
  });
  let seen = 0;
  for (let n = 1; ; n++) {
    const url = n === 1 ? `${base}${ARTICLE}` : `${base}${ARTICLE}?comments=${n}`;
    const response = await viewer.goto(url, { waitUntil: "load" });
    if (response.status() === 404) break;
    assert.equal(response.status(), 200, url);
    // Give timers, animations and lazy handlers a moment to fire.
    await viewer.waitForTimeout(500);
    const findings = await viewer.evaluate(() => {
      const found = [];
      if (window.__xss !== undefined) found.push("window.__xss was set");
      if (document.getElementById("xss-marker")) found.push("an injected #xss-marker element");
      const scripts = [...document.scripts].filter((s) => !(s.type === "application/ld+json" || /\/assets\/comments\.[0-9a-f]+\.js$/.test(s.src)));
      if (scripts.length) found.push(`unexpected scripts: ${scripts.map((s) => s.outerHTML.slice(0, 80)).join(", ")}`);
      const allowed = new Set(["P", "EM", "STRONG", "A", "BLOCKQUOTE", "BR"]);
      for (const body of document.querySelectorAll(".comment-body")) {
        for (const el of body.querySelectorAll("*")) {
          if (!allowed.has(el.tagName)) found.push(`<${el.tagName.toLowerCase()}> in a comment`);
          for (const attr of el.attributes) {
            if (!["href", "rel", "title"].includes(attr.name)) found.push(`attribute ${attr.name} on <${el.tagName.toLowerCase()}>`);
          }
          if (el.tagName === "A" && !/^https?:\/\//i.test(el.getAttribute("href") ?? "https://")) found.push(`link to ${el.getAttribute("href")}`);
        }
      }
      for (const el of document.querySelectorAll("*")) {
        for (const attr of el.attributes) {
          if (attr.name.startsWith("on")) found.push(`${attr.name} on <${el.tagName.toLowerCase()}>`);
        }
      }
      return { found, comments: document.querySelectorAll(".comment-body").length };
    });
    assert.deepEqual(findings.found, [], `${url}`);
    seen += findings.comments;
    if (process.env.E2E_DEBUG) console.log(url, findings.comments);
    // Hover and click every comment link target without following it: handlers would fire here.
    for (const link of await viewer.locator(".comment-body a").all()) {
      await link.hover();
    }
  }
  assert.ok(seen >= shown, `${seen} comments shown of ${shown} posted`);
  assert.deepEqual(dialogs, [], "no dialog opened");
});
