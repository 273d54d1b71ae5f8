// The wire desk in a real browser: an agency item imported while the desk
// is open appears on it without a reload; its story shows all its items
// side by side; "Start an article from this story" opens a draft with the
// items as sources; the checks flag a figure that is not in them; and
// publishing before an agency's embargo lifts is refused.
//
// Needs: target/release/dateline (built by e2e/run), Debian's chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { dataFolder, launchChromium, serve, signIn } from "./support.mjs";

const fixtures = fileURLToPath(new URL("../crates/cli/tests/fixtures/wire/", import.meta.url));
const folder = dataFolder("wire");
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

test("agency copy reaches the open desk, groups into a story and starts a checked, embargoed draft", async () => {
  const page = await signIn(browser, base, "ed@example.org");
  await page.goto(`${base}/admin/wire`);
  await page.getByRole("heading", { level: 1, name: "Wire desk" }).waitFor();
  const loads = [];
  page.on("load", () => loads.push(page.url()));

  // Delivered while the desk is open, by another process.
  folder.dateline(["wire", "import", `${fixtures}harbour-wire-ferry.xml`]);
  const first = page.getByRole("link", { name: "Ferry crews strike in Port Aster, halting island crossings" });
  await first.waitFor({ timeout: 15_000 });
  folder.dateline(["wire", "import", `${fixtures}coastal-agency-ferry.json`]);
  await page.getByRole("link", { name: "Port Aster ferry walkout strands island travellers" }).waitFor({ timeout: 15_000 });
  assert.deepEqual(loads, [], "the items arrived without a reload");
  await page.getByText(/Embargoed until/).first().waitFor();

  // The story: both agencies' items side by side, the scripts inert.
  let dialogs = 0;
  page.on("dialog", (dialog) => { dialogs += 1; dialog.dismiss(); });
  await first.click();
  await page.waitForURL(/\/admin\/wire\/stories\/\d+$/);
  assert.equal(await page.locator("article.wire-item").count(), 2);
  await page.getByText("For use by subscribers only; no archiving.").waitFor();
  await page.getByText(/Until 1 January 2099/).waitFor();

  await page.getByRole("button", { name: "Start an article from this story" }).click();
  await page.waitForURL(/\/admin\/articles\/\d+$/);
  const sources = await page.getByLabel(/^Sources/).inputValue();
  assert.match(sources, /Harbour Wire/);
  assert.match(sources, /Coastal Agency/);

  // A figure both agencies gave passes; one neither gave is flagged.
  await page.getByLabel("Body (Markdown)").fill(
    "Ferry crews in Port Aster struck on Tuesday, stranding about 1,200 passengers, Harbour Wire reported.\n\n" +
      "The company said 9,999 crossings were lost this year, according to Coastal Agency.\n",
  );
  await page.getByLabel("Dateline").fill("Port Aster");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.waitForURL(/\/admin\/articles\/\d+(\?.*)?$/);
  const flagged = page.locator('#checks li[data-rule="unsourced-figure"]');
  await flagged.first().waitFor();
  assert.equal(await flagged.count(), 1);
  assert.match(await flagged.innerText(), /9,999/);

  // A reporter's own figure may come from their own reporting: a warning,
  // not a stop.
  assert.match(await flagged.getAttribute("class"), /finding-warning/);

  // Before the embargo lifts, publishing is refused all the same.
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByText(/under embargo until 2099-01-01 00:00 UTC/).waitFor();
  assert.equal(dialogs, 0, "no agency script ran");
});
