//! Every size limit on what people and files give the newsroom, defined
//! once. The editor form, the article file importer, the HTTP layer and the
//! drafting backends all read these; none keeps its own copy.

/// Longest headline, in characters.
pub const MAX_HEADLINE_CHARS: usize = 300;
/// Longest written standfirst, in characters.
pub const MAX_STANDFIRST_CHARS: usize = 1_000;
/// Longest dateline ("Paris, France"), in characters.
pub const MAX_DATELINE_CHARS: usize = 120;
/// Largest article body, in bytes of Markdown.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Length of a summary derived from the body when there is no standfirst.
pub const SUMMARY_CHARS: usize = 220;
/// Most tags on one article, and the longest tag name.
pub const MAX_TAGS: usize = 50;
/// Most bylined people on one article.
pub const MAX_AUTHORS: usize = 20;
/// Most sources on one article.
pub const MAX_SOURCES: usize = 100;
/// Longest section, tag, author or source name, in characters.
pub const MAX_NAME_CHARS: usize = 120;
/// Longest description or biography, in characters.
pub const MAX_TEXT_CHARS: usize = 2_000;
/// Longest update or correction note, in characters.
pub const MAX_NOTE_CHARS: usize = 1_000;
/// Longest note between a story's writer and its editors, in characters.
pub const MAX_DESK_NOTE_CHARS: usize = 2_000;
/// Longest reason an editor gives for publishing over the checks.
pub const MAX_REASON_CHARS: usize = 2_000;
/// Largest article file read by the importer, in bytes.
pub const MAX_ARTICLE_FILE_BYTES: u64 = 2 * 1024 * 1024;
/// Largest source text (an agency report an article was written from), in bytes.
pub const MAX_SOURCE_TEXT_BYTES: u64 = 1024 * 1024;
/// Largest request body a form or API call may send, in bytes: an article's
/// body at its limit plus the rest of the editor's fields, percent-encoded
/// at worst three bytes a byte.
pub const MAX_FORM_BYTES: usize = 3 * MAX_BODY_BYTES + 64 * 1024;

/// Largest agency document (a feed, a NewsML message, a ninjs file) the wire
/// desk reads, in bytes: fetching stops here, and files over it are refused.
pub const MAX_WIRE_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;
/// Largest single wire item's body, in bytes of its source text: an item
/// over this is refused, the rest of its document still comes in.
pub const MAX_WIRE_ITEM_BYTES: usize = MAX_SOURCE_TEXT_BYTES as usize;
/// Most items taken from one wire document.
pub const MAX_WIRE_ITEMS_PER_DOCUMENT: usize = 10_000;
/// Deepest XML nesting the wire parsers follow.
pub const MAX_WIRE_XML_DEPTH: usize = 128;
