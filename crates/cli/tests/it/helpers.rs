use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use dateline_store::{Backend, Store};
use dateline_testing::TestDatabase;

pub const BIN: &str = env!("CARGO_BIN_EXE_dateline");

/// A fresh store, not yet served: for command-line tests.
pub struct TestStore {
    pub db: TestDatabase,
    pub data: tempfile::TempDir,
}

impl TestStore {
    pub async fn create(backend: Backend) -> Option<TestStore> {
        Some(TestStore {
            db: TestDatabase::create(backend).await?,
            data: tempfile::tempdir().unwrap(),
        })
    }

    /// `dateline ARGS… --data DIR --database-url URL`
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run dateline")
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .arg("--data")
            .arg(self.data.path())
            .arg("--database-url")
            .arg(&self.db.url)
            .env("RUST_LOG", "warn");
        cmd
    }

    /// `dateline import markdown PATH`, which must succeed; returns what it printed.
    pub fn import(&self, path: &Path) -> String {
        let out = self.run(&["import", "markdown", path.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "import of {} failed:\n{}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// `dateline user add` with the password on standard input.
    pub fn add_user(&self, email: &str, role: &str, password: &str) -> Output {
        use std::io::Write;
        let mut child = self
            .command(&[
                "user",
                "add",
                email,
                "--name",
                "Claire Martin",
                "--role",
                role,
                "--password-stdin",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(password.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    pub async fn store(&self) -> Store {
        self.db.store().await
    }

    pub async fn finish(self) {
        self.db.drop_schema().await;
    }
}

/// A running `dateline serve`.
pub struct TestSite {
    pub base: String,
    pub store: TestStore,
    child: KillOnDrop,
    pub client: reqwest::Client,
}

/// Starts `dateline serve` and waits for the address it announces.
fn serving(mut command: Command) -> (KillOnDrop, String) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start dateline serve");
    let stdout = child.stdout.take().unwrap();
    let child = KillOnDrop(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("Dateline is serving ") {
                let _ = tx.send(url.trim_end_matches('/').to_owned());
            }
        }
    });
    let base = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the server announces its address");
    (child, base)
}

/// Another `dateline serve` over a site's database.
pub struct Instance {
    pub base: String,
    _child: KillOnDrop,
    _data: tempfile::TempDir,
}

/// Stops the server even when a test panics.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl TestSite {
    pub async fn start(backend: Backend, demo: bool) -> Option<TestSite> {
        Self::start_with(backend, demo, &[]).await
    }

    pub async fn start_with(backend: Backend, demo: bool, extra: &[&str]) -> Option<TestSite> {
        let store = TestStore::create(backend).await?;
        Some(Self::serve(store, demo, extra))
    }

    /// Serves an existing store (and its data folder).
    pub fn serve(store: TestStore, demo: bool, extra: &[&str]) -> TestSite {
        let mut args = vec!["serve", "--listen", "127.0.0.1:0", "--test-hooks"];
        if !demo {
            args.push("--no-demo");
        }
        args.extend_from_slice(extra);
        let (child, base) = serving(store.command(&args));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        TestSite {
            base,
            store,
            child,
            client,
        }
    }

    /// A second instance of the site over the same database, with its own
    /// data folder (search index), as behind a load balancer. It follows
    /// the event log by itself: no test hook is asked for.
    pub fn another_instance(&self) -> Instance {
        let data = tempfile::tempdir().unwrap();
        let mut command = Command::new(BIN);
        command
            .args(["serve", "--listen", "127.0.0.1:0", "--no-demo"])
            .arg("--data")
            .arg(data.path())
            .arg("--database-url")
            .arg(&self.store.db.url)
            .env("RUST_LOG", "warn");
        let (child, base) = serving(command);
        Instance {
            base,
            _child: child,
            _data: data,
        }
    }

    /// Stops the server and hands back its store, for a restart.
    pub fn halt(self) -> TestStore {
        drop(self.child);
        self.store
    }

    /// Applies every event written so far (by this server, `dateline
    /// import` or another process) to the server's search index and page
    /// cache, as its follower would at its next poll. Tests wait for this,
    /// never for a clock.
    pub async fn apply_events(&self) -> usize {
        let response = self
            .client
            .post(format!("{}/_test/events/apply", self.base))
            .send()
            .await
            .expect("the test hook answers");
        assert_eq!(response.status(), 200, "the server runs with --test-hooks");
        let applied: serde_json::Value = response.json().await.unwrap();
        applied["events"].as_u64().unwrap() as usize
    }

    /// The page at `path` once every event so far is applied; it must answer 200.
    pub async fn page_after_events(&self, path: &str) -> String {
        self.apply_events().await;
        self.ok(path).await
    }

    /// As [`Self::page_after_events`], and the page must contain `needle`.
    pub async fn page_showing(&self, path: &str, needle: &str) -> String {
        let page = self.page_after_events(path).await;
        assert!(
            page.contains(needle),
            "{path} does not show {needle:?}:\n{page}"
        );
        page
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }

    /// Status and body of `path`.
    pub async fn page(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// The body of `path`, which must answer 200.
    pub async fn ok(&self, path: &str) -> String {
        let (status, body) = self.page(path).await;
        assert_eq!(status, 200, "GET {path}:\n{body}");
        body
    }

    pub async fn stop(self) {
        drop(self.child);
        self.store.finish().await;
    }
}

/// Runs the body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, |$backend:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $backend = dateline_store::Backend::Sqlite;
                $body
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let $backend = dateline_store::Backend::Postgres;
                $body
            }
        }
    };
}

/// Every `href="…"` value in a page, in order.
pub fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

pub fn article_links(html: &str) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    for h in hrefs(html) {
        let is_article =
            h.len() > 12 && h.as_bytes()[1].is_ascii_digit() && h.matches('/').count() == 4;
        if is_article && !links.contains(&h) {
            links.push(h);
        }
    }
    links
}

/// The JSON-LD object of a page.
pub fn json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("a JSON-LD script")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("valid JSON-LD")
}

/// Writes an article file; `front` is the YAML between the `---` lines.
pub fn write_article(dir: &Path, name: &str, front: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("---\n{front}\n---\n{body}\n")).unwrap();
    path
}

/// A real PNG picture at `dir/name`.
pub fn write_png(dir: &Path, name: &str, width: u32, height: u32) -> PathBuf {
    let path = dir.join(name);
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    img.save_with_format(&path, image::ImageFormat::Png)
        .unwrap();
    path
}

/// A plain, valid article's front matter with the given headline and day of November 2026.
pub fn simple_front(headline: &str, section: &str, day: u32) -> String {
    format!(
        "headline: \"{headline}\"\nsection: {section}\nauthors: [{{name: \"Rae Quinn\", role: \"Reporter\"}}]\n\
         published: 2026-11-{day:02}T08:00:00Z\ntags: [Harbour]\n\
         sources:\n  - {{agency: \"Harbour Authority\", url: \"https://example.org/h\"}}"
    )
}

/// Every attribute of every tag in a page, as (name, value) (a small
/// scanner: pages escape `<` in text, so every `<` starts a tag).
pub fn attributes(html: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let mut rest = tag.trim_start_matches(|c: char| !c.is_whitespace());
        while let Some(eq) = rest.find('=') {
            let name = rest[..eq]
                .split_whitespace()
                .last()
                .unwrap_or("")
                .to_lowercase();
            let after = rest[eq + 1..].trim_start();
            let (value, remainder) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = after[1..].find(q).map_or(after.len(), |e| e + 1);
                    (&after[1..end], after.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            found.push((name, value.to_owned()));
            rest = remainder;
        }
    }
    found
}
