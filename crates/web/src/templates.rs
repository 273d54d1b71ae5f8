//! Templates: minijinja, looked up first in the operator's theme folder,
//! then in the default theme compiled into the binary (docs/themes.md).

use std::path::PathBuf;

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

/// The default theme's templates, embedded at build time.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../theme/templates/base.html")),
    (
        "macros.html",
        include_str!("../theme/templates/macros.html"),
    ),
    ("home.html", include_str!("../theme/templates/home.html")),
    ("list.html", include_str!("../theme/templates/list.html")),
    (
        "article.html",
        include_str!("../theme/templates/article.html"),
    ),
    ("error.html", include_str!("../theme/templates/error.html")),
    (
        "search.html",
        include_str!("../theme/templates/search.html"),
    ),
    (
        "comment.html",
        include_str!("../theme/templates/comment.html"),
    ),
    (
        "comment_form.html",
        include_str!("../theme/templates/comment_form.html"),
    ),
    (
        "admin/login.html",
        include_str!("../theme/templates/admin/login.html"),
    ),
    (
        "admin/comments.html",
        include_str!("../theme/templates/admin/comments.html"),
    ),
    (
        "admin/comment_edit.html",
        include_str!("../theme/templates/admin/comment_edit.html"),
    ),
    (
        "admin/comment_bans.html",
        include_str!("../theme/templates/admin/comment_bans.html"),
    ),
    (
        "admin/comment_settings.html",
        include_str!("../theme/templates/admin/comment_settings.html"),
    ),
    (
        "admin/dashboard.html",
        include_str!("../theme/templates/admin/dashboard.html"),
    ),
    (
        "admin/articles.html",
        include_str!("../theme/templates/admin/articles.html"),
    ),
    (
        "admin/editor.html",
        include_str!("../theme/templates/admin/editor.html"),
    ),
    (
        "admin/media.html",
        include_str!("../theme/templates/admin/media.html"),
    ),
    (
        "admin/password.html",
        include_str!("../theme/templates/admin/password.html"),
    ),
    (
        "admin/reset.html",
        include_str!("../theme/templates/admin/reset.html"),
    ),
    (
        "admin/revisions.html",
        include_str!("../theme/templates/admin/revisions.html"),
    ),
    (
        "admin/sections.html",
        include_str!("../theme/templates/admin/sections.html"),
    ),
    (
        "admin/wire.html",
        include_str!("../theme/templates/admin/wire.html"),
    ),
    (
        "admin/wire_stories.html",
        include_str!("../theme/templates/admin/wire_stories.html"),
    ),
    (
        "admin/wire_story.html",
        include_str!("../theme/templates/admin/wire_story.html"),
    ),
    (
        "admin/wire_feeds.html",
        include_str!("../theme/templates/admin/wire_feeds.html"),
    ),
    (
        "admin/tags.html",
        include_str!("../theme/templates/admin/tags.html"),
    ),
    (
        "admin/fronts.html",
        include_str!("../theme/templates/admin/fronts.html"),
    ),
    (
        "admin/front.html",
        include_str!("../theme/templates/admin/front.html"),
    ),
    (
        "admin/authors.html",
        include_str!("../theme/templates/admin/authors.html"),
    ),
    (
        "admin/author.html",
        include_str!("../theme/templates/admin/author.html"),
    ),
    (
        "admin/users.html",
        include_str!("../theme/templates/admin/users.html"),
    ),
    (
        "admin/settings.html",
        include_str!("../theme/templates/admin/settings.html"),
    ),
];

/// The default theme's stylesheet.
pub const DEFAULT_CSS: &str = include_str!("../theme/static/site.css");

/// Escapes strings as minijinja does, minus `/`: URLs stay readable in the
/// page source and pages stay smaller, and a `/` is harmless in HTML text
/// and in quoted attributes.
fn escape_strings(
    out: &mut minijinja::Output<'_>,
    state: &minijinja::State<'_, '_>,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(text) if state.auto_escape() == minijinja::AutoEscape::Html && !value.is_safe() => out
            .write_str(&dateline_core::markdown::escape_html(text))
            .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string())),
        _ => minijinja::escape_formatter(out, state, value),
    }
}

pub struct Templates {
    env: Environment<'static>,
}

#[derive(Debug, thiserror::Error)]
#[error("template {name}: {source}")]
pub struct TemplateError {
    name: String,
    #[source]
    source: minijinja::Error,
}

impl Templates {
    /// `theme_dir` overrides any default template by file name
    /// (`default/<name>` reaches the original from an override).
    pub fn new(theme_dir: Option<PathBuf>) -> Templates {
        let mut env = Environment::new();
        // A misspelt variable fails loudly in tests instead of printing nothing.
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_formatter(escape_strings);
        env.set_loader(move |name| {
            let plain_relative = std::path::Path::new(name)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            if let Some(dir) = &theme_dir
                && !name.starts_with("default/")
                && plain_relative
            {
                let path = dir.join(name);
                match std::fs::read_to_string(&path) {
                    Ok(source) => return Ok(Some(source)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => {
                        return Err(minijinja::Error::new(
                            minijinja::ErrorKind::InvalidOperation,
                            format!("cannot read theme template {}: {e}", path.display()),
                        ));
                    }
                }
            }
            let name = name.strip_prefix("default/").unwrap_or(name);
            Ok(DEFAULT_TEMPLATES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, source)| (*source).to_owned()))
        });
        Templates { env }
    }

    pub fn render<C: Serialize>(&self, name: &str, context: C) -> Result<String, TemplateError> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(context))
            .map_err(|source| TemplateError {
                name: name.to_owned(),
                source,
            })
    }

    pub fn names() -> impl Iterator<Item = &'static str> {
        DEFAULT_TEMPLATES.iter().map(|(n, _)| *n)
    }
}
