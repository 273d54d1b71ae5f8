//! Who wrote an article: a person, or a machine under a person's responsibility.

use std::fmt;
use std::str::FromStr;

/// How an article came to be. Machine copy always carries a named, accountable
/// editor (see DESIGN.md §4); that rule lives in [`crate::article_file`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Provenance {
    #[default]
    Human,
    /// A person wrote it; a machine edited or summarised.
    AiAssisted,
    /// A machine drafted it; a person edited and approved it.
    AiGenerated,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown provenance \"{0}\": use human, ai-assisted or ai-generated")]
pub struct UnknownProvenance(pub String);

impl Provenance {
    pub const fn as_str(self) -> &'static str {
        match self {
            Provenance::Human => "human",
            Provenance::AiAssisted => "ai-assisted",
            Provenance::AiGenerated => "ai-generated",
        }
    }

    pub const fn is_machine(self) -> bool {
        !matches!(self, Provenance::Human)
    }

    /// The plain-words disclosure printed beside the byline, or `None` for human copy.
    pub fn disclosure(self, editor: &str) -> Option<String> {
        match self {
            Provenance::Human => None,
            Provenance::AiAssisted => Some(format!(
                "Written with machine assistance (editing and summarising); reviewed and edited by {editor}, who is responsible for this article."
            )),
            Provenance::AiGenerated => Some(format!(
                "Drafted by a machine from the sources listed below; edited and approved by {editor}, who is responsible for this article."
            )),
        }
    }

    /// The IPTC NewsCodes digital source type, for ninjs and NewsML-G2.
    pub const fn iptc_digital_source_type(self) -> Option<&'static str> {
        match self {
            Provenance::Human => None,
            Provenance::AiAssisted => Some(
                "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia",
            ),
            Provenance::AiGenerated => {
                Some("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia")
            }
        }
    }

    /// The schema.org / IPTC digital source type URL for JSON-LD.
    pub const fn schema_digital_source_type(self) -> Option<&'static str> {
        match self {
            Provenance::Human => None,
            Provenance::AiAssisted => {
                Some("https://schema.org/CompositeWithTrainedAlgorithmicMediaDigitalSource")
            }
            Provenance::AiGenerated => {
                Some("https://schema.org/TrainedAlgorithmicMediaDigitalSource")
            }
        }
    }
}

impl FromStr for Provenance {
    type Err = UnknownProvenance;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "human" => Ok(Provenance::Human),
            "ai-assisted" => Ok(Provenance::AiAssisted),
            "ai-generated" => Ok(Provenance::AiGenerated),
            other => Err(UnknownProvenance(other.to_owned())),
        }
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_unknown() {
        for p in [
            Provenance::Human,
            Provenance::AiAssisted,
            Provenance::AiGenerated,
        ] {
            assert_eq!(p.as_str().parse::<Provenance>(), Ok(p));
        }
        assert!("AI".parse::<Provenance>().is_err());
    }

    #[test]
    fn only_machine_copy_is_disclosed() {
        assert_eq!(Provenance::Human.disclosure("Ed"), None);
        assert!(
            Provenance::AiGenerated
                .disclosure("Ed Itor")
                .unwrap()
                .contains("Ed Itor")
        );
    }
}
