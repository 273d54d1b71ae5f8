#![doc = include_str!("../README.md")]

mod check;
mod demo;
mod draft;
mod offices;
mod wire;

use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use dateline_core::workflow::Role;
use dateline_newsroom::Newsroom;
use dateline_newsroom::accounts::NewAccount;
use dateline_search::{Freshness, SearchIndex};
use dateline_store::Store;
use dateline_web::{AppState, SecurityHeaders, ServerOptions, SiteConfig, password};
use jiff::Timestamp;

#[derive(Parser)]
#[command(
    name = "dateline",
    version,
    about = "Newsroom and news publishing in one binary"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the site (and create the demo site on an empty store).
    Serve(ServeArgs),
    /// Import articles.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Manage newsroom accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage the sections articles are filed under.
    #[command(subcommand)]
    Section(SectionCommand),
    /// A machine draft from a wire story's items, stored (ai-generated, no
    /// accountable editor yet) and printed with each sentence's sources.
    Draft {
        /// The story to draft from (`dateline wire stories`).
        #[arg(long)]
        story: i64,
        /// Only these items of the story: their own ids (or stored numbers), comma-separated.
        #[arg(long)]
        items: Option<String>,
        #[arg(long, default_value = "extractive", value_parser = ["extractive", "openai"])]
        backend: String,
        /// Words to aim for (the draft is within 15% of it when the sources allow).
        #[arg(long, default_value_t = 250)]
        words: usize,
        #[arg(long)]
        json: bool,
        /// The account asking for the draft (its name becomes the byline).
        #[arg(long)]
        by: Option<String>,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Every published article as IPTC ninjs 3.1 (`ID.ninjs.json`) or
    /// NewsML-G2 (`ID.newsml.xml`), one file each, into DIR.
    Export {
        #[arg(value_parser = ["ninjs", "newsml"])]
        format: String,
        dir: PathBuf,
        /// The site's public URL, for the items' ids.
        #[arg(
            long,
            env = "DATELINE_BASE_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        base_url: String,
        #[arg(
            long,
            env = "DATELINE_SITE_TITLE",
            default_value = "The Dateline Courier"
        )]
        site_title: String,
        #[arg(long, env = "DATELINE_LANGUAGE", default_value = "en")]
        language: String,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// The wire desk: agency copy in, grouped into stories.
    #[command(subcommand)]
    Wire(WireCommand),
    /// The stale-office-holder check's table of who held which office when.
    #[command(subcommand)]
    Offices(OfficesCommand),
    /// Editorial checks on one article file (or plain text with the
    /// headline on the first line); exit status 1 when any finding is an error.
    Check {
        /// An office-holder table made by `dateline offices import`, used
        /// beside the bundled ones.
        #[arg(long, env = "DATELINE_OFFICES")]
        offices: Option<PathBuf>,
        path: PathBuf,
        /// Print one JSON object instead of lines.
        #[arg(long)]
        json: bool,
        /// The article's date (required for plain text; overrides `published`).
        #[arg(long)]
        date: Option<jiff::civil::Date>,
    },
    /// Rebuild the search index from the published articles (stop the
    /// server on this data folder first; it rebuilds a missing index itself).
    Reindex {
        #[command(flatten)]
        store: StoreArgs,
        /// Language of the site's content (BCP 47), unless the settings say.
        #[arg(long, env = "DATELINE_LANGUAGE", default_value = "en")]
        language: String,
    },
}

#[derive(Args)]
struct StoreArgs {
    /// Folder for the SQLite database and other local data.
    #[arg(long, env = "DATELINE_DATA", default_value = "./dateline-data")]
    data: PathBuf,
    /// postgres://… to use PostgreSQL instead of SQLite in the data folder.
    #[arg(long, env = "DATELINE_DATABASE_URL")]
    database_url: Option<String>,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// Address and port to listen on.
    #[arg(long, env = "DATELINE_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Do not create the demo site on an empty store.
    #[arg(long, env = "DATELINE_NO_DEMO")]
    no_demo: bool,
    /// Theme folder whose templates and static/site.css override the default theme.
    #[arg(long, env = "DATELINE_THEME")]
    theme: Option<PathBuf>,
    /// Threads serving HTTP (default: one per core).
    #[arg(long, env = "DATELINE_HTTP_THREADS")]
    http_threads: Option<usize>,
    /// A folder agencies drop files into (as by FTP): each settled file is
    /// read onto the wire desk, then moved to `.done/` or `.refused/`.
    #[arg(long, env = "DATELINE_WIRE_DROP")]
    wire_drop: Option<PathBuf>,
    /// Public URL of the site, for canonical links (default: http://LISTEN).
    #[arg(long, env = "DATELINE_BASE_URL")]
    base_url: Option<String>,
    #[arg(
        long,
        env = "DATELINE_SITE_TITLE",
        default_value = "The Dateline Courier"
    )]
    site_title: String,
    #[arg(
        long,
        env = "DATELINE_SITE_DESCRIPTION",
        default_value = "News from Port Aster and beyond, reported by people and published with Dateline."
    )]
    site_description: String,
    /// Language of the site's content (BCP 47).
    #[arg(long, env = "DATELINE_LANGUAGE", default_value = "en")]
    language: String,
    /// IANA time zone the site shows dates in (the newsroom's settings
    /// page can change it).
    #[arg(long, env = "DATELINE_TIME_ZONE", default_value = "UTC")]
    time_zone: String,
    /// Replaces the Content-Security-Policy header (default: no inline
    /// script, nothing from other hosts).
    #[arg(long, env = "DATELINE_CONTENT_SECURITY_POLICY")]
    content_security_policy: Option<String>,
    /// Least seconds between opening a comment form and posting it (people
    /// take longer; scripts do not).
    #[arg(long, env = "DATELINE_COMMENT_MIN_SECONDS", default_value_t = 3)]
    comment_min_seconds: u64,
    /// Serves `POST /_test/events/apply`, which applies pending events at
    /// once: for test suites that wait for an event, not a clock.
    #[arg(long, env = "DATELINE_TEST_HOOKS", hide = true)]
    test_hooks: bool,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Article files (Markdown with YAML front matter) or folders of them; all or nothing.
    Markdown {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Subcommand)]
enum OfficesCommand {
    /// Rebuild the table from a Wikidata query export (CSV or JSON; the
    /// query is in crates/core/data/README.md) into the data folder, where
    /// `serve` uses it beside the bundled tables.
    Import {
        export: PathBuf,
        /// Where to write it (default: DATA/office-holders.yaml).
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Subcommand)]
enum WireCommand {
    /// Agency files (RSS, Atom, JSON Feed, ninjs, NewsML-G2, NITF, told
    /// from their bytes) or folders of them. Exit status 1 when any file
    /// or item was refused; the others are stored.
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Subscribe to an agency feed (any format the desk reads), polled by
    /// `serve` and by `dateline wire poll`.
    AddFeed {
        url: String,
        /// How often to poll it: 30s, 5m, 1h…
        #[arg(long, default_value = "5m")]
        every: String,
        /// The agency's name, when the feed does not give one.
        #[arg(long)]
        provider: Option<String>,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// The subscribed feeds and their health: last success, last error, items.
    Feeds {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Poll every subscribed feed now (`serve` polls the due ones by itself).
    Poll {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// The stories items were grouped into, most recently active first.
    Stories {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// The items on the desk, newest first, each at its current version.
    Items {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Subcommand)]
enum SectionCommand {
    /// Create sections (the newsroom's editor files under existing ones only).
    Add {
        #[arg(required = true)]
        names: Vec<String>,
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account.
    Add {
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = ["admin", "editor", "author", "contributor"])]
        role: String,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Print a one-time link (valid 15 minutes) that signs in, then opens
    /// `--next` (a newsroom page): for a first sign-in, or a checker.
    SignInLink {
        email: String,
        /// The newsroom page to open once signed in.
        #[arg(long, default_value = "/admin/")]
        next: String,
        /// The site's public URL, to print a whole link.
        #[arg(
            long,
            env = "DATELINE_BASE_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        base_url: String,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Print a one-time link (valid 24 hours) to set a new password.
    Reset {
        email: String,
        /// The site's public URL, to print a whole link.
        #[arg(
            long,
            env = "DATELINE_BASE_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        base_url: String,
        #[command(flatten)]
        store: StoreArgs,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    keep_large_blocks_out_of_the_heap();
    init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => serve(args).await,
            Command::Import(ImportCommand::Markdown { paths, store }) => {
                import_markdown(&store, &paths).await
            }
            Command::User(UserCommand::Add {
                email,
                name,
                role,
                password_stdin,
                store,
            }) => add_user(&store, email, name, role, password_stdin).await,
            Command::User(UserCommand::Reset {
                email,
                base_url,
                store,
            }) => reset_link(&store, &email, &base_url).await,
            Command::User(UserCommand::SignInLink {
                email,
                next,
                base_url,
                store,
            }) => sign_in_link(&store, &email, &next, &base_url).await,
            Command::Section(SectionCommand::Add { names, store }) => {
                add_sections(&store, &names).await
            }
            Command::Draft {
                story,
                items,
                backend,
                words,
                json,
                by,
                store,
            } => {
                let args = draft::DraftArgs {
                    story,
                    items,
                    backend,
                    words,
                    json,
                    by,
                };
                draft::run(open_store(&store).await?, args).await
            }
            Command::Export {
                format,
                dir,
                base_url,
                site_title,
                language,
                store,
            } => {
                export(
                    &open_store(&store).await?,
                    &format,
                    &dir,
                    &base_url,
                    &site_title,
                    &language,
                )
                .await
            }
            Command::Wire(WireCommand::Import { paths, store }) => {
                if wire::import(open_store(&store).await?, &paths).await? {
                    Ok(())
                } else {
                    std::process::exit(1)
                }
            }
            Command::Wire(WireCommand::AddFeed {
                url,
                every,
                provider,
                store,
            }) => {
                wire::add_feed(
                    &open_store(&store).await?,
                    &url,
                    &every,
                    provider.as_deref(),
                )
                .await
            }
            Command::Wire(WireCommand::Feeds { json, store }) => {
                wire::feeds(&open_store(&store).await?, json).await
            }
            Command::Wire(WireCommand::Poll { store }) => {
                if wire::poll(open_store(&store).await?).await? {
                    Ok(())
                } else {
                    std::process::exit(1)
                }
            }
            Command::Wire(WireCommand::Stories { json, store }) => {
                wire::stories(&open_store(&store).await?, json).await
            }
            Command::Wire(WireCommand::Items { json, store }) => {
                wire::items(&open_store(&store).await?, json).await
            }
            Command::Reindex { store, language } => reindex(&store, &language).await,
            Command::Offices(OfficesCommand::Import { export, out, store }) => {
                let out = out.unwrap_or_else(|| store.data.join("office-holders.yaml"));
                if let Some(folder) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(folder)?;
                }
                offices::import(&export, &out)
            }
            Command::Check {
                offices: table,
                path,
                json,
                date,
            } => match table
                .as_deref()
                .map_or(Ok(()), offices::load_if_present)
                .and_then(|()| check::run(&path, json, date))
            {
                Ok(false) => Ok(()),
                Ok(true) => std::process::exit(1),
                Err(err) => {
                    eprintln!("{err:#}");
                    std::process::exit(2);
                }
            },
        }
    })
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // Logs go to standard error, coloured only on a terminal; standard output
    // carries what a command reports (the site's address, imported paths).
    let stderr = std::io::stderr();
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&stderr))
        .with_writer(std::io::stderr)
        .init();
}

async fn open_store(args: &StoreArgs) -> anyhow::Result<Store> {
    let url = match &args.database_url {
        Some(url) => url.clone(),
        None => {
            std::fs::create_dir_all(&args.data)
                .with_context(|| format!("creating the data folder {}", args.data.display()))?;
            format!(
                "sqlite://{}?mode=rwc",
                args.data.join("dateline.db").display()
            )
        }
    };
    Store::connect(&url)
        .await
        .with_context(|| format!("opening the store at {}", dateline_store::redact(&url)))
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    offices::load_if_present(&args.store.data.join("office-holders.yaml"))?;
    let store = open_store(&args.store).await?;
    if !args.no_demo && store.is_empty().await? {
        let count = demo::create(&store, Timestamp::now()).await?;
        let password = password::random_password()?;
        let email = "admin@example.com";
        Newsroom::new(store.clone())
            .add_account(
                None,
                NewAccount {
                    email: email.into(),
                    name: "Site Admin".into(),
                    role: Role::Admin,
                    password: Some(password.clone()),
                },
            )
            .await?;
        release_freed_memory();
        println!("Created the demo site: {count} articles.");
        println!("Admin login (shown once): {email} / {password}");
    }
    let threads = args.http_threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let listeners = dateline_web::server::bind(args.listen, threads)
        .with_context(|| format!("listening on {}", args.listen))?;
    let address = listeners.local_addr;
    let base_url = args
        .base_url
        .unwrap_or_else(|| format!("http://{address}"))
        .trim_end_matches('/')
        .to_owned();
    let site = SiteConfig {
        title: args.site_title,
        description: args.site_description,
        language: args.language,
        base_url: base_url.clone(),
        time_zone: dateline_web::settings::time_zone(&args.time_zone)
            .map_err(anyhow::Error::msg)?,
        logo: None,
        comments: Default::default(),
        comment_webhook: None,
        comment_form_key: Default::default(),
        feed_full_text: true,
        breaking: None,
    };
    if let Some(theme) = &args.theme
        && !theme.is_dir()
    {
        bail!("the theme folder {} does not exist", theme.display());
    }
    let security_headers = SecurityHeaders::new(args.content_security_policy.as_deref())
        .map_err(anyhow::Error::msg)?;
    let language = site_language(&store, &site.language).await?;
    let (search, freshness) = open_search_index(&args.store, &language);
    let options = ServerOptions {
        theme_dir: args.theme,
        security_headers,
        comment_min_wait: std::time::Duration::from_secs(args.comment_min_seconds),
        search: Some(search),
        test_hooks: args.test_hooks,
    };
    let state = AppState::new(store.clone(), site, options);
    state
        .reload_settings()
        .await
        .context("reading the site settings")?;
    // The follower takes events after this one; the index catches up to at
    // least it, so no event falls between the two.
    let followed_from = store.last_event_seq().await?;
    let indexed = state.clone();
    let follower = tokio::spawn(
        state
            .follower(followed_from)
            .run(dateline_web::EVENT_POLL_INTERVAL),
    );
    let indexer = state.spawn_index_work(async move {
        let state = indexed;
        dateline_web::indexing::bring_up_to_date(state, freshness).await;
        // The first index build's buffers are freed now: give them back.
        release_freed_memory();
    });
    let scheduler = tokio::spawn(dateline_web::publish_scheduled(
        state.clone(),
        dateline_web::SCHEDULER_INTERVAL,
    ));
    // The wire desk's feeds are polled by every instance; each due feed is
    // claimed by one of them.
    let wire_poller = tokio::spawn(dateline_ingest::poll::run(
        state.newsroom().clone(),
        dateline_ingest::Fetcher::new(),
        std::time::Duration::from_secs(10),
    ));
    let wire_drop = args.wire_drop.map(|folder| {
        tokio::spawn(dateline_ingest::drop_folder::run(
            state.newsroom().clone(),
            folder,
            std::time::Duration::from_secs(2),
        ))
    });
    println!("Dateline is serving {base_url}/");
    listeners
        .serve(state, shutdown_signal())
        .await
        .context("serving HTTP")?;
    follower.abort();
    scheduler.abort();
    wire_poller.abort();
    if let Some(task) = wire_drop {
        task.abort();
    }
    indexer.abort();
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn export(
    store: &Store,
    format: &str,
    dir: &std::path::Path,
    base_url: &str,
    title: &str,
    language: &str,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let site = dateline_core::export::Site {
        base_url: base_url.trim_end_matches('/'),
        language,
        name: title,
    };
    let ids = store.published_ids().await?;
    for id in &ids {
        let article = store.published_article(*id).await?;
        let (name, text) = match format {
            "ninjs" => (
                format!("{id}.ninjs.json"),
                serde_json::to_string_pretty(&dateline_core::export::ninjs(&article, &site))?,
            ),
            _ => (
                format!("{id}.newsml.xml"),
                dateline_core::export::newsml_g2(&article, &site),
            ),
        };
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    println!(
        "Exported {} published articles as {format} into {}",
        ids.len(),
        dir.display()
    );
    Ok(())
}

/// The language the site's settings give, else the command line's.
async fn site_language(store: &Store, default: &str) -> anyhow::Result<String> {
    let saved = store
        .settings()
        .await
        .context("reading the site settings")?;
    Ok(saved
        .get(dateline_web::settings::LANGUAGE)
        .cloned()
        .unwrap_or_else(|| default.to_owned()))
}

fn search_index_dir(args: &StoreArgs) -> PathBuf {
    args.data.join("search-index")
}

/// The search index in the data folder. Search is never a reason not to
/// serve: an index that cannot be used is replaced by one in memory, which
/// is rebuilt like a missing one.
fn open_search_index(args: &StoreArgs, language: &str) -> (Arc<SearchIndex>, Freshness) {
    let dir = search_index_dir(args);
    match SearchIndex::open(&dir, language) {
        Ok((index, freshness)) => (Arc::new(index), freshness),
        Err(err) => {
            tracing::warn!(error = %err, "searching from an index in memory instead");
            let index = SearchIndex::in_memory(language).expect("an index in memory always opens");
            (
                Arc::new(index),
                Freshness::Rebuild(format!("the index folder could not be used ({err})")),
            )
        }
    }
}

async fn reindex(args: &StoreArgs, default_language: &str) -> anyhow::Result<()> {
    let store = open_store(args).await?;
    let language = site_language(&store, default_language).await?;
    let dir = search_index_dir(args);
    let (index, _) = SearchIndex::open(&dir, &language)?;
    let index = Arc::new(index);
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template(
            "{msg} [{bar:40}] {pos}/{len} articles, {per_sec}, {eta} left",
        )
        .expect("the template is valid")
        .progress_chars("=> "),
    );
    bar.set_message("Indexing");
    let started = std::time::Instant::now();
    let count = dateline_web::indexing::rebuild(&store, &index, |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .await?;
    bar.finish_and_clear();
    store.close().await;
    println!(
        "Indexed {count} article(s) in {:.1} s into {}.",
        started.elapsed().as_secs_f32(),
        dir.display()
    );
    Ok(())
}

/// Hands memory freed after a burst of work (the demo's image processing)
/// back to the system. glibc keeps large freed blocks in its arenas, so
/// without this a server that made the demo site would stay twice its size.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn release_freed_memory() {
    // SAFETY: malloc_trim only releases free memory; it touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_freed_memory() {}

/// Pins glibc's threshold for serving allocations from their own mappings
/// at its default (128 KiB). Left dynamic, freeing one large block (an
/// Argon2 hash's 19 MiB, an image being resized) raises it, and every later
/// block below that size comes from the heap, where freed memory cannot be
/// handed back: a server that made the demo site stayed 8 MB larger.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn keep_large_blocks_out_of_the_heap() {
    // SAFETY: mallopt only changes an allocator setting; called before any
    // other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_large_blocks_out_of_the_heap() {}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

async fn import_markdown(args: &StoreArgs, paths: &[PathBuf]) -> anyhow::Result<()> {
    let store = open_store(args).await?;
    let result = dateline_import::import_paths(&store, paths, Timestamp::now()).await;
    store.close().await;
    match result {
        Ok(imported) => {
            for article in &imported {
                println!("published {}", article.path);
            }
            println!("Imported {} article(s).", imported.len());
            Ok(())
        }
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(1);
        }
    }
}

async fn add_sections(args: &StoreArgs, names: &[String]) -> anyhow::Result<()> {
    let store = open_store(args).await?;
    let mut result = Ok(());
    for name in names {
        match store.create_section(name.trim(), Timestamp::now()).await {
            Ok(id) => println!("Created the section {name} (section {id})."),
            Err(dateline_store::StoreError::Conflict { .. }) => {
                println!("The section {name} exists already.")
            }
            Err(err) => {
                result = Err(anyhow::anyhow!("creating the section {name}: {err}"));
                break;
            }
        }
    }
    store.close().await;
    result
}

async fn reset_link(args: &StoreArgs, email: &str, base_url: &str) -> anyhow::Result<()> {
    let store = open_store(args).await?;
    let user = existing_user(&store, email).await?;
    let token = password::random_token();
    let expires = Timestamp::now() + jiff::SignedDuration::from_hours(24);
    store
        .create_password_reset(user.id, &password::token_hash(&token), expires)
        .await?;
    store.close().await;
    println!(
        "One-time link for {} (valid 24 hours):\n{}/admin/reset/{token}",
        user.email,
        base_url.trim_end_matches('/')
    );
    Ok(())
}

async fn sign_in_link(
    args: &StoreArgs,
    email: &str,
    next: &str,
    base_url: &str,
) -> anyhow::Result<()> {
    if !next.starts_with("/admin/") {
        bail!("--next must be a newsroom page, starting with /admin/");
    }
    let store = open_store(args).await?;
    let user = existing_user(&store, email).await?;
    let token = password::random_token();
    let expires = Timestamp::now() + jiff::SignedDuration::from_mins(15);
    store
        .create_sign_in_link(user.id, &password::token_hash(&token), expires)
        .await?;
    store.close().await;
    // `next` rides in the link's query: escape what would end or split it.
    let next: String = next
        .chars()
        .map(|c| match c {
            '%' | '&' | '?' | '#' | '+' | ' ' | '=' => format!("%{:02X}", c as u32),
            c => c.to_string(),
        })
        .collect();
    println!(
        "{}/admin/sign-in/{token}?next={next}",
        base_url.trim_end_matches('/')
    );
    Ok(())
}

async fn existing_user(store: &Store, email: &str) -> anyhow::Result<dateline_store::User> {
    match store.user_by_email(email).await {
        Ok(user) => Ok(user),
        Err(dateline_store::StoreError::NotFound) => bail!("no account has the email {email}"),
        Err(other) => Err(other.into()),
    }
}

async fn add_user(
    args: &StoreArgs,
    email: String,
    name: String,
    role: String,
    password_stdin: bool,
) -> anyhow::Result<()> {
    let (password, generated) = if password_stdin {
        let mut input = String::new();
        std::io::stdin()
            .take(4096)
            .read_to_string(&mut input)
            .context("reading the password from standard input")?;
        (input.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (password::random_password()?, true)
    };
    let store = open_store(args).await?;
    let created = Newsroom::new(store.clone())
        .add_account(
            None,
            NewAccount {
                email: email.clone(),
                name,
                role: role.parse().map_err(anyhow::Error::msg)?,
                password: Some(password.clone()),
            },
        )
        .await;
    store.close().await;
    let id = created.map_err(|err| anyhow::anyhow!("{err}"))?.id;
    println!("Created {role} {email} (user {id}).");
    if generated {
        println!("Password (shown once): {password}");
    }
    Ok(())
}
