//! `dateline draft`: a machine draft from a wire story, stored and printed.

use anyhow::Context;
use dateline_draft::extractive::Extractive;
use dateline_newsroom::Newsroom;
use dateline_newsroom::drafting::Sources;
use dateline_store::Store;
use serde_json::json;

pub struct DraftArgs {
    pub story: i64,
    pub items: Option<String>,
    pub backend: String,
    pub words: usize,
    pub json: bool,
    pub by: Option<String>,
}

pub async fn run(store: Store, args: DraftArgs) -> anyhow::Result<()> {
    let newsroom = Newsroom::new(store.clone());
    if !matches!(args.backend.as_str(), "extractive" | "openai") {
        anyhow::bail!("--backend {}: use extractive or openai", args.backend);
    }
    let actor = match &args.by {
        Some(email) => {
            let user = store
                .user_by_email(email)
                .await
                .with_context(|| format!("--by {email}: no such account"))?;
            let role = user
                .role
                .parse()
                .map_err(|_| anyhow::anyhow!("account {email} has an unknown role"))?;
            Some(dateline_newsroom::Actor {
                id: user.id,
                name: user.name,
                role,
            })
        }
        None => None,
    };
    let sources = match args.items {
        Some(items) => Sources::Items {
            story: args.story,
            items: items
                .split(',')
                .map(|item| item.trim().to_owned())
                .filter(|i| !i.is_empty())
                .collect(),
        },
        None => Sources::Story(args.story),
    };
    let made = if args.backend == "openai" {
        let model = openai_from_env()?;
        let chosen = newsroom
            .draft_sources(&sources)
            .await
            .with_context(|| format!("drafting story {}", args.story))?;
        let request = dateline_draft::Request {
            items: &chosen.source_items,
            words: args.words,
            language: None,
        };
        let drafted = model.draft(&request).await.with_context(|| {
            format!(
                "drafting story {} with {} at {}",
                args.story, model.model, model.base_url
            )
        })?;
        newsroom
            .store_machine_draft(actor.as_ref(), &chosen, drafted)
            .await?
    } else {
        newsroom
            .draft_from_wire(actor.as_ref(), sources, &Extractive, args.words)
            .await
            .with_context(|| format!("drafting story {}", args.story))?
    };
    let drafted = &made.drafted;
    if args.json {
        let sentences: Vec<_> = drafted
            .sentences()
            .map(|sentence| {
                json!({
                    "text": sentence.text,
                    "sources": sentence.sources.iter().map(|s| json!({"item": s.item, "quote": s.quote})).collect::<Vec<_>>(),
                    "supported": sentence.supported,
                })
            })
            .collect();
        let out = json!({
            "article_id": made.article_id,
            "headline": drafted.headline,
            "standfirst": drafted.standfirst,
            "dateline": drafted.dateline,
            "body": made.body_markdown,
            "provenance": "ai-generated",
            "backend": drafted.backend,
            "model": drafted.model,
            "prompt_version": drafted.prompt_version,
            "language": drafted.language,
            "tags": drafted.tags,
            "sentences": sentences,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!(
            "Draft {} (ai-generated, {}): {}\n",
            made.article_id, drafted.backend, drafted.headline
        );
        for sentence in drafted.sentences() {
            let mark = if sentence.supported { " " } else { "!" };
            let from: Vec<&str> = sentence.sources.iter().map(|s| s.item.as_str()).collect();
            println!("{mark} {}\n    ← {}", sentence.text, from.join(", "));
        }
    }
    Ok(())
}

/// The model server from the environment: `DATELINE_OPENAI_BASE_URL`
/// (with its `/v1`), `DATELINE_OPENAI_MODEL`, `DATELINE_OPENAI_API_KEY`,
/// `DATELINE_OPENAI_TIMEOUT_SECONDS` (default 120).
fn openai_from_env() -> anyhow::Result<dateline_model::OpenAi> {
    let base_url = std::env::var("DATELINE_OPENAI_BASE_URL").map_err(|_| {
        anyhow::anyhow!("--backend openai needs DATELINE_OPENAI_BASE_URL, the chat server's address (with its /v1)")
    })?;
    let timeout = std::env::var("DATELINE_OPENAI_TIMEOUT_SECONDS")
        .ok()
        .and_then(|seconds| seconds.parse().ok())
        .unwrap_or(120);
    Ok(dateline_model::OpenAi {
        base_url,
        model: std::env::var("DATELINE_OPENAI_MODEL").unwrap_or_else(|_| "default".into()),
        api_key: std::env::var("DATELINE_OPENAI_API_KEY")
            .ok()
            .filter(|key| !key.is_empty()),
        timeout: std::time::Duration::from_secs(timeout),
        retries: 2,
    })
}
