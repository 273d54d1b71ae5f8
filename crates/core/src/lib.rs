#![doc = include_str!("../README.md")]

pub mod article;
pub mod article_file;
pub mod checks;
pub mod comment;
pub mod event;
pub mod evidence;
pub mod export;
pub mod front;
pub mod input;
pub mod limits;
pub mod markdown;
pub mod provenance;
pub mod related;
pub mod section;
pub mod slug;
pub mod text;
pub mod usage;
pub mod workflow;

pub use article::{
    Article, ArticleSummary, Author, Byline, ImageRef, SearchDocument, Section, Source, Tag,
};
pub use input::{ArticleInput, Completeness, Derived, InputError, InputField, PreparedArticle};
pub use provenance::Provenance;
pub use slug::Slug;
