// Editorial checks in a real browser: an editor opens a draft with
// defects and sees the findings beside the text and marked in it, fixes one
// and sees it go, cannot publish over the rest without a reason, and the
// reason then stands in the article's history.
//
// Needs: target/release/dateline (built by e2e/run), Debian's chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { dataFolder, launchChromium, serve, signIn } from "./support.mjs";

const folder = dataFolder("checks");
let server;
let base;
let browser;

before(async () => {
  folder.addUser("ed@example.org", "Edda Park", "editor");
  folder.dateline(["section", "add", "City"]);
  ({ server, base } = await serve(folder.data));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.kill();
  folder.remove();
});

/** A date some weeks before today, as a reporter writes it: "3 March 2026". */
function weeksAgo(weeks) {
  const d = new Date(Date.now() - weeks * 7 * 86400e3);
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

test("an editor sees findings as they type and publishes over one with a reason", async () => {
  const editor = await signIn(browser, base, "ed@example.org");
  await editor.goto(`${base}/admin/articles/new`);
  await editor.getByLabel("Headline").fill("Harbour board approves new moorings");
  await editor.getByLabel("Section", { exact: true }).fill("City");
  await editor.getByLabel("Body (Markdown)").fill(
    "Here is the article:\n\n" +
      "The harbour board approved new moorings on Tuesday after a long debate.\n\n" +
      `As the scheme, which began on ${weeksAgo(10)}, enters its fourth year, the board meets again.\n`,
  );
  await editor.getByRole("button", { name: "Save", exact: true }).click();
  await editor.waitForURL(/\/admin\/articles\/\d+(\?.*)?$/);
  const editorUrl = editor.url().split("?")[0];

  // Both findings stand beside the text, each with what to do about it.
  const checks = editor.locator("#checks");
  await checks.locator('li[data-rule="leftover-generation-text"]').waitFor();
  await checks.locator('li[data-rule="temporal-contradiction"]').waitFor();
  assert.match(await checks.locator('li[data-rule="temporal-contradiction"]').innerText(), /first year, not the fourth/);

  // In the text itself: the preview marks the words, and a finding's place
  // selects them in the field.
  const leftover = checks.locator('li[data-rule="leftover-generation-text"]');
  const mark = editor.locator('#preview mark[data-rule="leftover-generation-text"]');
  await mark.waitFor();
  const excerpt = await leftover.locator("q").innerText();
  assert.ok(excerpt.startsWith(await mark.innerText()), `${excerpt} / ${await mark.innerText()}`);
  await leftover.getByRole("button", { name: "body line 1" }).click();
  const selected = await editor.getByLabel("Body (Markdown)").evaluate(
    (el) => el.value.slice(el.selectionStart, el.selectionEnd),
  );
  assert.equal(selected, excerpt);

  // Deleting the leftover line makes its finding go, without a save.
  const body = editor.getByLabel("Body (Markdown)");
  const text = await body.inputValue();
  await body.fill(text.replace("Here is the article:\n\n", ""));
  await checks.locator('li[data-rule="leftover-generation-text"]').waitFor({ state: "detached" });
  await mark.waitFor({ state: "detached" });
  assert.equal(await checks.locator('li[data-rule="temporal-contradiction"]').count(), 1);
  await editor.getByRole("button", { name: "Save", exact: true }).click();
  await editor.getByText("Saved.", { exact: true }).waitFor();

  // Publishing stops at the remaining error and asks for a reason.
  await editor.getByRole("button", { name: "Publish", exact: true }).click();
  await editor.getByText("The editorial checks found 1 error(s)").waitFor();
  await editor.getByLabel(/^Publish over 1 check error\(s\)/).fill("The scheme's name counts its years from the pilot.");
  await editor.getByRole("button", { name: "Publish", exact: true }).click();
  await editor.getByRole("link", { name: "View on the site" }).waitFor();

  // The override, with its reason and what it overrode, is in the history.
  const history = editor.locator("ul.overrides");
  await history.getByText("The scheme's name counts its years from the pilot.").waitFor();
  assert.match(await history.innerText(), /Edda Park/);
  assert.match(await history.innerText(), /temporal-contradiction: enters its fourth year/);
});
