// The front page as an editor arranges it, in a real browser: pin a lead,
// order three top stories, preview in the theme, publish, and readers see
// that order at once; a contributor is offered no front editor.
//
// Needs: target/release/dateline (built by e2e/run), Debian's chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dataFolder, launchChromium, serve, signIn as signInAt } from "./support.mjs";

const folder = dataFolder("fronts");
const STORIES = ["Pier reopens", "Ferry fares rise", "Harbour dredging starts", "Gull count falls", "Tide tables change", "Lighthouse for sale"];
let server;
let base;
let browser;

before(async () => {
  folder.addUser("ed@example.org", "Edda Park", "editor");
  folder.addUser("wren@example.org", "Wren Hale", "contributor");
  const articles = mkdtempSync(join(tmpdir(), "dateline-e2e-front-articles-"));
  STORIES.forEach((headline, i) => {
    writeFileSync(join(articles, `${i}.md`), `---
headline: "${headline}"
section: City
authors: [{name: "Rae Quinn", role: "Reporter"}]
published: 2026-11-0${i + 1}T08:00:00Z
sources:
  - {agency: "Harbour Authority", url: "https://example.org/h"}
---
Work on the harbour went on this week, the authority said.
`);
  });
  folder.dateline(["import", "markdown", articles]);
  ({ server, base } = await serve(folder.data));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.kill();
  folder.remove();
});

/** The headlines of the home page's lead and top stories, in order. */
async function frontOrder(page) {
  return page.locator(".lead .card-headline, .top-stories .card-headline").allTextContents();
}

test("an editor pins a lead and orders three top stories; readers see them at once", async () => {
  const editor = await signInAt(browser, base, "ed@example.org");
  await editor.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Fronts" }).click();
  await editor.getByRole("link", { name: "Arrange Home page" }).click();
  await editor.getByLabel("Lead story").selectOption({ label: new RegExp(`^${STORIES[0]} ·`) }).catch(async () => {
    // Playwright matches a label exactly: find the option by its start.
    const value = await editor.locator("#slot-lead option", { hasText: STORIES[0] }).getAttribute("value");
    await editor.getByLabel("Lead story").selectOption(value);
  });
  for (const [slot, story] of [["Top story 1", STORIES[3]], ["Top story 2", STORIES[1]], ["Top story 3", STORIES[4]]]) {
    const select = editor.getByLabel(slot);
    const value = await select.locator("option", { hasText: story }).getAttribute("value");
    await select.selectOption(value);
  }

  // The preview opens in a new tab, in the theme, marked not live.
  const [preview] = await Promise.all([
    editor.context().waitForEvent("page"),
    editor.getByRole("button", { name: "Preview" }).click(),
  ]);
  await preview.getByText("not live").waitFor();
  assert.deepEqual((await frontOrder(preview)).slice(0, 4), [STORIES[0], STORIES[3], STORIES[1], STORIES[4]]);
  await preview.close();

  await editor.getByRole("button", { name: "Publish front" }).click();
  await editor.getByText("Saved: version 1 of this front is live.").waitFor();

  // A reader without JavaScript sees the new order at once.
  const reader = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await reader.goto(`${base}/`);
  assert.deepEqual((await frontOrder(reader)).slice(0, 4), [STORIES[0], STORIES[3], STORIES[1], STORIES[4]]);
  await reader.getByRole("heading", { name: "Top stories" }).waitFor();
});

test("a contributor is offered no front editor", async () => {
  const writer = await signInAt(browser, base, "wren@example.org");
  assert.equal(await writer.getByRole("link", { name: "Fronts" }).count(), 0);
});
