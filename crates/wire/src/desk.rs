//! The whole pipeline in memory: versions decided, duplicates dropped,
//! items grouped. The newsroom runs the same steps against its store; the
//! grouping tests and the benchmark run this.

use std::collections::HashMap;

use crate::WireItem;
use crate::stories::{Grouper, Incoming, StoryIndex, Tuning};
use crate::versions::{self, Arrival, Current};

#[derive(Debug, Default)]
pub struct Desk {
    pub grouper: Grouper,
    current: HashMap<String, (Current, StoryIndex)>,
    by_fingerprint: HashMap<u64, String>,
}

/// What became of one delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    pub arrival: Arrival,
    /// For a resend under a new id: it joined the story of the text it
    /// repeats.
    pub repeat: bool,
    pub story: Option<StoryIndex>,
}

impl Desk {
    pub fn new(tuning: Tuning) -> Self {
        Desk {
            grouper: Grouper::new(tuning),
            ..Desk::default()
        }
    }

    pub fn receive(&mut self, item: &WireItem) -> Received {
        let fingerprint = versions::fingerprint(item);
        let known = self.current.get(&item.id);
        let arrival = versions::arrival(known.map(|(current, _)| current), item, fingerprint);
        let incoming = Incoming {
            id: &item.id,
            provider: &item.provider,
            headline: &item.headline,
            body: &item.body_text,
            language: item.language.as_deref(),
            moment: item.moment(),
        };
        let language_code = item.language_code();
        let incoming = Incoming {
            language: language_code.as_deref(),
            ..incoming
        };
        match arrival {
            Arrival::Duplicate | Arrival::Stale => Received {
                arrival,
                repeat: false,
                story: known.map(|(_, story)| *story),
            },
            Arrival::NewVersion => {
                let (current, story) = self.current.get_mut(&item.id).expect("a known item");
                *current = Current {
                    version: current.version + 1,
                    format_version: item.version,
                    fingerprint,
                    moment: item.moment(),
                };
                let story = *story;
                self.by_fingerprint.insert(fingerprint, item.id.clone());
                self.grouper.add_to(story, &incoming);
                Received {
                    arrival,
                    repeat: false,
                    story: Some(story),
                }
            }
            Arrival::New => {
                let repeated = self
                    .by_fingerprint
                    .get(&fingerprint)
                    .and_then(|id| self.current.get(id))
                    .map(|(_, story)| *story);
                let story = match repeated {
                    Some(story) => {
                        self.grouper.add_to(story, &incoming);
                        story
                    }
                    None => self.grouper.add(&incoming),
                };
                let current = Current {
                    version: 1,
                    format_version: item.version,
                    fingerprint,
                    moment: item.moment(),
                };
                self.current.insert(item.id.clone(), (current, story));
                self.by_fingerprint
                    .entry(fingerprint)
                    .or_insert_with(|| item.id.clone());
                Received {
                    arrival,
                    repeat: repeated.is_some(),
                    story: Some(story),
                }
            }
        }
    }
}
