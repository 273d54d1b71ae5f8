// The newsroom in a real browser: a contributor writes and submits, cannot
// publish; an editor approves and publishes with an uploaded hero image;
// the article appears on the public site. An editor previews, autosaves,
// is warned before leaving unsaved changes, keeps an edit of a live
// article pending until it publishes it as an update with its note,
// restores a revision, and schedules an article that goes live.
//
// Needs: target/release/dateline (built by e2e/run), Debian's chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { dataFolder, launchChromium, serve, signIn as signInAt } from "./support.mjs";

const folder = dataFolder("newsroom");
let server;
let base;
let browser;

before(async () => {
  folder.addUser("wren@example.org", "Wren Hale", "contributor");
  folder.addUser("ed@example.org", "Edda Park", "editor");
  // The editor files under existing sections: a typo is not a new page.
  folder.dateline(["section", "add", "Culture", "City"]);
  ({ server, base } = await serve(folder.data, ["--test-hooks"]));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.kill();
  folder.remove();
});

const signIn = (email) => signInAt(browser, base, email);

test("a story goes from a contributor's draft to the front page", async () => {
  const writer = await signIn("wren@example.org");
  await writer.goto(`${base}/admin/articles/new`);
  await writer.getByLabel("Headline").fill("Lighthouse keepers' cottages reopen");
  await writer.getByLabel("Section", { exact: true }).fill("Culture");
  await writer.getByLabel("Body (Markdown)").fill("The cottages at Gull Point open to visitors on **Saturday**.");
  await writer.getByRole("button", { name: "Save", exact: true }).click();
  await writer.waitForURL(/\/admin\/articles\/\d+(\?.*)?$/);
  const editorUrl = writer.url().split("?")[0];
  assert.equal(await writer.getByRole("button", { name: "Publish", exact: true }).count(), 0, "a contributor is offered no Publish");
  await writer.getByRole("button", { name: "Submit for review" }).click();
  await writer.getByText("in-review").waitFor();

  // The editor uploads a hero image with its alt text and credit.
  const editor = await signIn("ed@example.org");
  const png = new URL("fixtures/cottages.png", import.meta.url).pathname;
  await editor.goto(`${base}/admin/media`);
  await editor.getByLabel(/^Image/).setInputFiles(png);
  await editor.getByLabel(/^Alt text/).fill("Whitewashed cottages under a grey sky");
  await editor.getByLabel(/^Credit/).fill("Photo: Ana Reyes / Courier");
  await editor.getByRole("button", { name: "Upload" }).click();
  await editor.waitForURL(`${base}/admin/media`);
  await editor.getByText("Photo: Ana Reyes / Courier").waitFor();

  await editor.goto(editorUrl);
  await editor.getByLabel("Hero image").selectOption({ index: 1 });
  await editor.getByRole("button", { name: "Save", exact: true }).click();
  await editor.getByText("Saved.", { exact: true }).waitFor();
  await editor.getByRole("button", { name: "Approve" }).click();
  await editor.getByText("approved").waitFor();
  await editor.getByRole("button", { name: "Publish", exact: true }).click();
  await editor.getByRole("link", { name: "View on the site" }).click();
  await editor.getByRole("heading", { level: 1, name: "Lighthouse keepers' cottages reopen" }).waitFor();
  assert.equal(await editor.locator("figure.hero img").getAttribute("alt"), "Whitewashed cottages under a grey sky");

  // The instance that published shows it at once on the front page, to
  // readers without a session (it applied its own event before answering).
  const reader = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await reader.goto(`${base}/`);
  await reader.getByRole("link", { name: "Lighthouse keepers' cottages reopen" }).first().click();
  await reader.getByText("Photo: Ana Reyes / Courier").waitFor();
});

/** `YYYY-MM-DDTHH:MM:SS` in UTC, as the schedule field takes it. */
function utcFieldValue(date) {
  return date.toISOString().slice(0, 19);
}

test("an editor previews, autosaves, updates, restores a revision and schedules", async () => {
  const editor = await signIn("ed@example.org");
  await editor.goto(`${base}/admin/articles/new`);
  await editor.getByLabel("Headline").fill("Harbour dredging starts");
  await editor.getByLabel("Section", { exact: true }).fill("City");
  await editor.getByLabel("Body (Markdown)").fill("Dredging of the inner harbour begins in **March**.");
  // The live preview is the site's own rendering of the Markdown.
  await editor.locator("#preview strong", { hasText: "March" }).waitFor();
  await editor.getByRole("button", { name: "Save", exact: true }).click();
  await editor.waitForURL(/\/admin\/articles\/\d+(\?.*)?$/);
  const editorUrl = editor.url().split("?")[0];

  // Autosave (drafts only; live text waits for a deliberate save): an edit is saved without a click.
  await editor.getByLabel("Body (Markdown)").fill("Dredging of the inner harbour begins in **April**.");
  await editor.getByText(/^Saved automatically/).waitFor({ timeout: 30_000 });

  // Leaving with unsaved changes asks first.
  await editor.getByLabel("Standfirst").fill("Work on the channel takes six weeks.");
  const asked = new Promise((resolve) => editor.once("dialog", async (dialog) => {
    resolve(dialog.type());
    await dialog.dismiss();
  }));
  await editor.goto(`${base}/admin/`).catch(() => {});
  assert.equal(await asked, "beforeunload");
  assert.equal(editor.url().split("?")[0], editorUrl, "dismissing the warning stays on the page");
  await editor.getByRole("button", { name: "Save", exact: true }).click();
  await editor.getByText("Saved.", { exact: true }).waitFor();
  await editor.getByRole("button", { name: "Publish", exact: true }).click();
  await editor.getByRole("link", { name: "View on the site" }).waitFor();

  // An edit of the live text waits as a pending version: readers do not see it.
  const publicUrl = await editor.getByRole("link", { name: "View on the site" }).getAttribute("href");
  await editor.getByLabel("Body (Markdown)").fill("Dredging of the inner harbour begins in **May**.");
  await editor.getByRole("button", { name: "Save as pending" }).click();
  await editor.getByText(/^Saved as a pending version/).waitFor();
  const reader = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await reader.goto(`${base}${publicUrl}`);
  assert.equal(await reader.locator("strong", { hasText: /^May$/ }).count(), 0, "readers keep the live text");
  await reader.locator("strong", { hasText: /^April$/ }).waitFor();
  await reader.context().close();

  // Published as an update, the note goes out with the text it describes.
  await editor.getByLabel(/^Note for readers/).fill("The work starts two months later than first announced.");
  await editor.getByRole("button", { name: "Publish update" }).click();
  await editor.getByText(/^Published: readers see the new text/).waitFor();
  await editor.getByRole("link", { name: "View on the site" }).click();
  await editor.getByText("The work starts two months later than first announced.").waitFor();
  await editor.locator("strong", { hasText: /^May$/ }).waitFor();

  // Restore the first version: its text is back, and nothing is lost.
  await editor.goto(`${editorUrl}/revisions`);
  // Restore sits beside each version, not inside its text.
  await editor.getByRole("button", { name: "Restore version 1" }).click();
  await editor.getByText("Restored as the newest version.").waitFor();
  assert.match(await editor.getByLabel("Body (Markdown)").inputValue(), /\*\*March\*\*/);
  await editor.goto(`${editorUrl}/revisions`);
  assert.ok(
    await editor.locator(".revision", { hasText: "pending, not published" }).count(),
    "the restore of a live article is a new, pending version",
  );

  // Schedule another article an hour ahead: the editor and the desk show
  // when it goes live; the scheduler's tick at that time publishes it.
  await editor.goto(`${base}/admin/articles/new`);
  await editor.getByLabel("Headline").fill("Night ferry returns for the summer");
  await editor.getByLabel("Section", { exact: true }).fill("City");
  await editor.getByLabel("Body (Markdown)").fill("The night ferry to Gull Island runs again from June.");
  await editor.getByRole("button", { name: "Save", exact: true }).click();
  await editor.waitForURL(/\/admin\/articles\/\d+(\?.*)?$/);
  const at = new Date(Date.now() + 3_600_000);
  await editor.getByLabel(/^Publish at/).fill(utcFieldValue(at));
  await editor.getByRole("button", { name: "Schedule" }).click();
  await editor.getByText("scheduled", { exact: true }).waitFor();
  await editor.getByText(/goes live/).waitFor();
  await editor.goto(`${base}/admin/`);
  await editor.locator("li", { hasText: "Night ferry returns for the summer" }).getByText(/goes live/).waitFor();
  const fresh = async () => (await browser.newContext({ javaScriptEnabled: false })).newPage();
  let reader2 = await fresh();
  await reader2.goto(`${base}/`);
  assert.equal(await reader2.getByRole("link", { name: "Night ferry returns for the summer" }).count(), 0, "not before its time");
  await reader2.context().close();
  // The test hook runs the scheduler as of a minute past the chosen time.
  const tick = await fetch(`${base}/_test/scheduler/run?at=${new Date(at.getTime() + 60_000).toISOString()}`, { method: "POST" });
  assert.equal(tick.status, 200);
  assert.equal((await tick.json()).published.length, 1);
  reader2 = await fresh();
  await reader2.goto(`${base}/`);
  await reader2.getByRole("link", { name: "Night ferry returns for the summer" }).first().click();
  await reader2.getByRole("heading", { level: 1, name: "Night ferry returns for the summer" }).waitFor();
});
