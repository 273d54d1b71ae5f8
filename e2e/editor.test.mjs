// The editor as a reporter and an editor use it, in a real browser: a
// picture uploaded from inside the editor and placed in the body, the
// article previewed in the theme at phone and desktop widths; a draft sent
// back with a note the writer then sees; and every newsroom page usable
// at 390 px (nothing wider than the screen).
//
// Needs: target/release/dateline (built by e2e/run), Debian's chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { dataFolder, launchChromium, serve, signIn as signInAt } from "./support.mjs";

const folder = dataFolder("editor");
let server;
let base;
let browser;

before(async () => {
  folder.addUser("rae@example.org", "Rae Quinn", "author");
  folder.addUser("wren@example.org", "Wren Hale", "contributor");
  folder.addUser("ed@example.org", "Edda Park", "editor");
  folder.addUser("admin@example.org", "Ada Min", "admin");
  folder.dateline(["section", "add", "City"]);
  ({ server, base } = await serve(folder.data));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.kill();
  folder.remove();
});

const signIn = (email) => signInAt(browser, base, email);

/** What the page looks like to the test: fonts, and whether anything is wider than the screen. */
function measure(page) {
  return page.evaluate(() => ({
    width: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    headline: getComputedStyle(document.querySelector("h1")).fontFamily,
    body: getComputedStyle(document.querySelector(".article .body")).fontFamily,
    figure: document.querySelector(".body-figure img")?.getBoundingClientRect().width ?? 0,
  }));
}

test("a reporter uploads a picture inside the editor, places it, and previews the page at phone and desktop width", async () => {
  const reporter = await signIn("rae@example.org");
  await reporter.goto(`${base}/admin/articles/new`);
  await reporter.getByLabel("Headline").fill("Divers inspect the east pier");
  await reporter.getByLabel("Standfirst").fill("The piles are sound, the harbour authority says");
  await reporter.getByLabel("Section", { exact: true }).fill("City");
  // The checks panel works before the first save.
  await reporter.getByLabel("Body (Markdown)").fill("As an AI language model, I cannot see the pier.");
  await reporter.locator("#checks-summary", { hasText: "1 error(s)" }).waitFor();
  await reporter.getByLabel("Body (Markdown)").fill("Divers checked the piles on Tuesday.\n\nRepairs start next month.");
  // Put the cursor between the two paragraphs: the picture goes there.
  await reporter.getByLabel("Body (Markdown)").evaluate((el) => { el.selectionStart = el.selectionEnd = el.value.indexOf("Repairs"); });

  await reporter.locator("#editor-upload-file").setInputFiles(new URL("fixtures/cottages.png", import.meta.url).pathname);
  await reporter.getByLabel("Alt text: what the image shows").fill("Divers under the east pier");
  await reporter.locator("#editor-upload-caption").fill("Inspecting the piles");
  await reporter.getByLabel("Credit: photographer or agency").fill("Photo: Jo Lee");
  await reporter.getByRole("button", { name: "Upload image" }).click();
  await reporter.getByText("Uploaded and placed in the body.").waitFor();
  const body = await reporter.getByLabel("Body (Markdown)").inputValue();
  assert.match(body, /Tuesday\.\n\n!\[Divers under the east pier\]\(\/media\/\d+\/\d+\.jpg "Inspecting the piles \(Photo: Jo Lee\)"\)\n\nRepairs/);
  // The live preview shows the figure, in the article's type.
  await reporter.locator("#preview figure img").waitFor();
  // The new picture is offered as the hero too.
  await reporter.locator("#media-picker li").first().getByRole("button", { name: "Use as hero" }).click();
  assert.notEqual(await reporter.getByLabel("Hero image").inputValue(), "");

  const [preview] = await Promise.all([
    reporter.context().waitForEvent("page"),
    reporter.getByRole("button", { name: "Preview in the theme" }).click(),
  ]);
  await preview.getByRole("heading", { level: 1, name: "Divers inspect the east pier" }).waitFor();
  await preview.getByText("Nothing is published or saved").waitFor();
  await preview.locator("figure.hero img").waitFor();
  await preview.getByText("Inspecting the piles (Photo: Jo Lee)").waitFor();
  for (const [width, height] of [[390, 844], [1280, 900]]) {
    await preview.setViewportSize({ width, height });
    const seen = await measure(preview);
    assert.ok(seen.scrollWidth <= seen.width, `nothing wider than ${width} px: ${seen.scrollWidth}`);
    assert.match(seen.headline, /Georgia|serif/, "the theme's headline type");
    assert.match(seen.body, /Georgia|serif/, "the theme's body type");
    assert.ok(seen.figure > 0 && seen.figure <= Math.min(width, 736), `the figure fits the column: ${seen.figure}`);
  }
  await preview.close();
  // Nothing was saved by previewing.
  assert.equal(reporter.url(), `${base}/admin/articles/new`);
});

test("an editor sends a draft back with a note, and the writer sees it", async () => {
  const writer = await signIn("wren@example.org");
  await writer.goto(`${base}/admin/articles/new`);
  await writer.getByLabel("Headline").fill("Pier lights restored");
  await writer.getByLabel("Section", { exact: true }).fill("City");
  await writer.getByLabel("Body (Markdown)").fill("The lights on the east pier work again.");
  await writer.getByRole("button", { name: "Save", exact: true }).click();
  await writer.waitForURL(/\/admin\/articles\/\d+(\?.*)?$/);
  const url = writer.url().split("?")[0];
  await writer.getByLabel("Note to the editor (optional)").fill("Photos to follow.");
  await writer.getByRole("button", { name: "Submit for review" }).click();
  await writer.getByText("in-review").waitFor();

  const editor = await signIn("ed@example.org");
  await editor.goto(url);
  await editor.getByText("Photos to follow.").waitFor();
  await editor.getByLabel("Note to the writer: what to change").fill("Needs a statement from the authority.");
  await editor.getByRole("button", { name: "Return to draft" }).click();
  await editor.getByText("draft", { exact: true }).waitFor();

  await writer.goto(`${base}/admin/`);
  const notes = writer.locator(".notes-for-you li", { hasText: "Pier lights restored" });
  await notes.getByText("Needs a statement from the authority.").waitFor();
  await notes.getByText(/sent it back to draft/).waitFor();
  await notes.getByRole("link", { name: "Pier lights restored" }).click();
  await writer.locator("#notes").getByText("Needs a statement from the authority.").waitFor();
});

test("a contributor sees no link it may not use, and a refusal says why", async () => {
  const writer = await signIn("wren@example.org");
  const nav = writer.getByRole("navigation", { name: "Newsroom" });
  for (const name of ["Fronts", "Comments", "Sections", "Tags", "Accounts", "Settings"]) {
    assert.equal(await nav.getByRole("link", { name, exact: true }).count(), 0, `no ${name} link`);
  }
  await writer.goto(`${base}/admin/settings`);
  await writer.getByRole("heading", { name: "Not allowed for your role" }).waitFor();
  await writer.getByRole("navigation", { name: "Newsroom" }).waitFor();
});

test("every newsroom page fits a 390 px screen", async () => {
  const admin = await signIn("admin@example.org");
  await admin.setViewportSize({ width: 390, height: 844 });
  await admin.goto(`${base}/admin/articles`);
  const firstArticle = await admin.locator("table a[href^='/admin/articles/']").first().getAttribute("href");
  const pages = ["/admin/", "/admin/articles", "/admin/articles/new", firstArticle, `${firstArticle}/revisions`,
    "/admin/fronts", "/admin/fronts/home", "/admin/media", "/admin/sections", "/admin/tags", "/admin/authors",
    "/admin/users", "/admin/settings", "/admin/comments", "/admin/comments/bans", "/admin/comments/settings",
    "/admin/wire", "/admin/wire/stories", "/admin/wire/feeds", "/admin/password"];
  const wide = [];
  for (const path of pages) {
    await admin.goto(`${base}${path}`);
    const { scrollWidth, width } = await admin.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
    if (scrollWidth > width) wide.push(`${path}: ${scrollWidth} px`);
  }
  assert.deepEqual(wide, [], "pages wider than the screen");
});
