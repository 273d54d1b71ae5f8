use thiserror::Error;

/// Why a document (or one item in it) was refused. The caller adds the file
/// or feed it came from.
#[derive(Debug, Error)]
pub enum WireError {
    #[error("the document is empty")]
    Empty,
    #[error("the document is {size} bytes, over the limit of {limit}")]
    TooLarge { size: usize, limit: usize },
    #[error("not a news format the wire desk reads: {0}")]
    Unrecognised(String),
    #[error("{format}: {detail}")]
    Malformed {
        format: &'static str,
        detail: String,
    },
    #[error("malformed {encoding} at byte {offset}: {count} invalid sequences")]
    Encoding {
        encoding: &'static str,
        offset: usize,
        count: usize,
    },
    #[error("item {index} ({id}): {problem}")]
    Item {
        index: usize,
        id: String,
        problem: String,
    },
}

impl WireError {
    pub(crate) fn malformed(format: &'static str, detail: impl ToString) -> Self {
        WireError::Malformed {
            format,
            detail: detail.to_string(),
        }
    }
}
