//! Arranging fronts: an editor pins live stories to a front's slots; the
//! rest fill themselves by recency (`core::front`). Every save is a version
//! of the front, and any version can be brought back.

use dateline_core::front::{Breaking, Front, Layout};
use dateline_core::workflow::Role;

use crate::catalog::require;
use crate::{Actor, Newsroom, NewsroomError, Result};

impl Newsroom {
    /// A banner for `article` from now for `hours` (the clamp keeps the
    /// sum in range; the layout's check refuses what is too long).
    pub fn breaking_for(&self, article: i64, hours: i64) -> Breaking {
        Breaking {
            article,
            until: self.now() + jiff::SignedDuration::from_hours(hours.clamp(0, 1000)),
        }
    }

    /// Whether `layout` may stand on `front` now, as a sentence if not.
    pub fn check_front(&self, front: Front, layout: &Layout) -> std::result::Result<(), String> {
        layout
            .validate(front, self.now())
            .map_err(|e| format!("{e}."))
    }

    /// Saves `layout` as the front's newest version, over `expected`, the
    /// version the editor opened (0 for a front never arranged). Only live
    /// stories may be pinned, and a section's front pins its own stories.
    /// Editors only. Returns the new version.
    pub async fn save_front(
        &self,
        actor: &Actor,
        front: Front,
        expected: i64,
        layout: Layout,
    ) -> Result<i64> {
        require(actor, Role::Editor, "arrange fronts")?;
        self.check_front(front, &layout)
            .map_err(|e| NewsroomError::invalid(None, format!("Not saved: {e}")))?;
        let mut pinned = layout.pinned();
        if let Some(breaking) = layout.breaking
            && !pinned.contains(&breaking.article)
        {
            pinned.push(breaking.article);
        }
        let live = self.store().published_summaries(&pinned).await?;
        for id in &pinned {
            let Some(story) = live.iter().find(|a| a.id == *id) else {
                return Err(NewsroomError::invalid(
                    None,
                    format!(
                        "Not saved: story #{id} is not published; only live stories can be pinned."
                    ),
                ));
            };
            if let Front::Section(section) = front
                && story.section.id != section
            {
                return Err(NewsroomError::invalid(
                    None,
                    format!(
                        "Not saved: \"{}\" is filed under {}, not this section.",
                        story.headline, story.section.name
                    ),
                ));
            }
        }
        let version = self
            .store()
            .save_front(front, expected, &layout, actor.id, self.now())
            .await?;
        tracing::info!(%front, version, by = actor.id, "front saved");
        Ok(version)
    }

    /// Brings back an earlier version of a front as its newest, without the
    /// stories that have since been taken down. Editors only.
    pub async fn restore_front(
        &self,
        actor: &Actor,
        front: Front,
        expected: i64,
        version: i64,
    ) -> Result<i64> {
        require(actor, Role::Editor, "arrange fronts")?;
        let old = self.store().front_version(front, version).await?;
        let mut wanted = old.layout.pinned();
        wanted.extend(old.layout.breaking.map(|b| b.article));
        let live = self.store().published_summaries(&wanted).await?;
        let mut layout = old.layout.keeping(|id| live.iter().any(|a| a.id == id));
        // A banner whose time is over stays over.
        layout.breaking = layout.breaking_at(self.now());
        self.save_front(actor, front, expected, layout).await
    }
}
