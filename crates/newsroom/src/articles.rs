//! Articles through the newsroom: starting, saving, every workflow step,
//! restoring, the scheduler's tick, and the one publish gate they all pass.
//!
//! Every change is decided here and written by one
//! [`Store::change_article`](dateline_store::Store::change_article) call:
//! the status, the text, the notice, the override and the events together,
//! and only over the version and status the decision was made from. Of two
//! people acting on one stale view, one wins and the other gets
//! [`NewsroomError::Stale`]; nothing of the loser is written.
//!
//! A live article's text never changes by accident. Saving it keeps the
//! edit as a pending version; it reaches readers only when someone who may
//! publish it says how: a minor fix (no note), an update or a correction
//! (each with the note readers see, published with the text it describes).

use dateline_core::article::Notice;
use dateline_core::checks::{self, Finding, SourceTexts};
use dateline_core::event::Event;
use dateline_core::input::{ArticleInput, Completeness, InputField, PreparedArticle};
use dateline_core::limits::{MAX_NOTE_CHARS, MAX_REASON_CHARS};
use dateline_core::workflow::{self, Action, Role, Status};
use dateline_store::{
    ArticleChange, Draft, DraftInput, EditableArticle, Filing, NewNote, NewOverride, RevisionKind,
    StoreError, TextChange,
};
use jiff::Timestamp;

use crate::{Actor, Newsroom, NewsroomError, Result};

/// An article as a form (or a drafting backend) gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleForm {
    pub input: ArticleInput,
    /// The hero image, from the media library.
    pub image_id: Option<i64>,
    /// An editor's deliberate "create the sections and authors I named".
    /// Anyone else's names must already exist: a typo is not a new page.
    pub create_missing: bool,
}

/// What a save asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveIntent {
    /// Keep the text: a draft's new version, or a live article's pending one.
    Save,
    /// Publish a live article's edit at once as a small fix, with no note.
    MinorFix,
    /// Publish a live article's edit with an update note readers see.
    Update(String),
    /// Publish a live article's edit with a correction notice.
    Correction(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveRequest {
    /// The version the person's form was opened at.
    pub expected_version: i64,
    pub form: ArticleForm,
    pub intent: SaveIntent,
    /// An editor's reason for letting the checks' errors through.
    pub override_reason: Option<String>,
}

/// What a save did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// The article's own text changed (not live).
    Draft { version: i64 },
    /// A live article's edit waits, unpublished.
    Pending { version: i64 },
    /// Readers get the new text.
    Published { version: i64 },
}

impl Saved {
    pub fn version(self) -> i64 {
        match self {
            Saved::Draft { version }
            | Saved::Pending { version }
            | Saved::Published { version } => version,
        }
    }
}

/// The notice an update or correction carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeText {
    Update(String),
    Correction(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkflowRequest {
    pub action: Action,
    /// The version the person's page showed.
    pub expected_version: i64,
    /// Required for [`Action::Update`].
    pub notice: Option<NoticeText>,
    /// Required for [`Action::Schedule`]: when it goes live.
    pub publish_at: Option<Timestamp>,
    pub override_reason: Option<String>,
    /// A note to the article's people that explains the step ("send back:
    /// the second source is missing"), kept in its history.
    pub note: Option<String>,
}

/// What a workflow step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub status: Status,
    pub version: i64,
}

/// The text an editor's panel asks the checks about, as typed.
#[derive(Debug, Clone, Copy)]
pub struct TextToCheck<'a> {
    pub headline: &'a str,
    pub standfirst: Option<&'a str>,
    pub body: &'a str,
    pub provenance: dateline_core::Provenance,
    pub editor: Option<&'a str>,
}

/// Who takes a step through the gate.
#[derive(Debug, Clone, Copy)]
enum Who<'a> {
    Person(&'a Actor),
    /// The scheduler, publishing at the time an editor chose.
    Scheduler,
}

/// A step that may put text in front of readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Workflow(Action),
    /// Changing the text of a scheduled article: it goes live as saved.
    EditScheduled,
    /// A scheduled time reached.
    Fire,
}

/// What the gate let through.
#[derive(Debug)]
struct Passed {
    next: Status,
    /// The text, prepared as publishable, when the step puts it live.
    prepared: PreparedArticle,
    check_override: Option<(String, String)>,
}

impl Newsroom {
    /// The article, if this person may open it: their own, or anyone's for
    /// editors. Anyone else's is as good as absent.
    pub async fn open_article(&self, actor: &Actor, id: i64) -> Result<EditableArticle> {
        let article = self.store().article_for_edit(id).await?;
        if is_own(actor, &article) || actor.role.edits_others() {
            Ok(article)
        } else {
            Err(NewsroomError::NotFound)
        }
    }

    /// Starts a draft by `actor`.
    pub async fn create_article(&self, actor: &Actor, form: ArticleForm) -> Result<i64> {
        let draft = self.prepare_form(actor, form, Completeness::Draft).await?;
        let now = self.now();
        Ok(self
            .store()
            .create_draft(&draft, Filing::ExistingOnly, actor.id, now)
            .await?)
    }

    /// Saves the person's text. See the module's notes for what happens to
    /// a live article.
    pub async fn save_article(
        &self,
        actor: &Actor,
        id: i64,
        request: SaveRequest,
    ) -> Result<Saved> {
        let article = self.open_article(actor, id).await?;
        if request.expected_version != article.version {
            return Err(stale(&article));
        }
        self.may_change_text(actor, &article)?;
        let mut form = request.form;
        // A machine draft an editor has mostly rewritten is machine-assisted
        // now, not machine-generated: its label follows the text.
        if form.input.provenance == dateline_core::provenance::Provenance::AiGenerated
            && self.mostly_rewritten(id, &form.input.body_markdown).await?
        {
            form.input.provenance = dateline_core::provenance::Provenance::AiAssisted;
        }
        let draft = self.prepare_form(actor, form, Completeness::Draft).await?;
        let reason = request.override_reason.as_deref();
        self.write_text(
            actor,
            &article,
            draft,
            request.intent,
            reason,
            RevisionKind::Saved,
        )
        .await
    }

    /// Brings back an older revision's text as the newest version; for a
    /// live article it becomes the pending version. Nothing is lost.
    pub async fn restore_revision(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        expected_version: i64,
    ) -> Result<Saved> {
        let article = self.open_article(actor, id).await?;
        if expected_version != article.version {
            return Err(stale(&article));
        }
        self.may_change_text(actor, &article)?;
        let old = self.store().revision(id, version).await?;
        // Revisions from before the whole input was kept restore their text
        // into today's filing.
        let restored = old.full.unwrap_or_else(|| {
            let mut working = article.working().clone();
            working.input.headline = old.headline;
            working.input.standfirst = old.standfirst;
            working.input.dateline = old.dateline;
            working.input.body_markdown = old.body_markdown;
            working
        });
        let form = ArticleForm {
            input: restored.input,
            image_id: restored.image_id,
            create_missing: false,
        };
        let draft = self.prepare_form(actor, form, Completeness::Draft).await?;
        self.write_text(
            actor,
            &article,
            draft,
            SaveIntent::Save,
            None,
            RevisionKind::Restored,
        )
        .await
    }

    /// Leaves a note on an article for its writer and editors, without a
    /// step: anyone who may open the article may write on it.
    pub async fn add_note(&self, actor: &Actor, id: i64, body: &str) -> Result<()> {
        let article = self.open_article(actor, id).await?;
        let body = checked_note_text(Some(body))?
            .ok_or_else(|| NewsroomError::invalid(None, "Write the note before sending it."))?;
        self.store()
            .add_note(id, article.version, actor.id, &body, self.now())
            .await?;
        tracing::info!(article = id, user = actor.id, "note left");
        Ok(())
    }

    /// Takes a workflow step: the role rule, then the checks, then the
    /// override reason, then the change, in that order and in one write.
    pub async fn act(&self, actor: &Actor, id: i64, request: WorkflowRequest) -> Result<Moved> {
        let article = self.open_article(actor, id).await?;
        if request.expected_version != article.version {
            return Err(stale(&article));
        }
        let now = self.now();
        let reason = request.override_reason.as_deref();
        let action = request.action;
        let note_body = checked_note_text(request.note.as_deref())?;
        let note = note_body.as_deref().map(|body| NewNote {
            step: action.as_str(),
            body,
        });
        let mut events = Vec::new();
        let mut notice = None;
        let mut published_at = None;
        let mut scheduled_at = None;
        let mut kind = RevisionKind::Saved;
        let mut passed = match action {
            Action::Submit | Action::Approve | Action::ReturnToDraft | Action::Unpublish => {
                let next = workflow::transition(
                    article.status,
                    action,
                    actor.role,
                    is_own(actor, &article),
                )
                .map_err(workflow_refusal)?;
                if article.status == Status::Scheduled {
                    scheduled_at = Some(None);
                }
                if action == Action::Unpublish {
                    events.push(Event::Unpublished { article: id });
                }
                // The pending version stays pending: it is the editor's
                // working text, and never reached readers.
                let change = ArticleChange {
                    status: next,
                    scheduled_at,
                    events: &events,
                    note,
                    ..self.change(actor, &article, now)
                };
                let version = self.store().change_article(&change).await?;
                return Ok(Moved {
                    status: next,
                    version,
                });
            }
            Action::Schedule => {
                let at = request.publish_at.filter(|at| *at > now).ok_or_else(|| {
                    let tomorrow =
                        (now + jiff::SignedDuration::from_hours(24)).strftime("%Y-%m-%dT08:00");
                    NewsroomError::invalid(
                        None,
                        format!("Give a publication time in the future (UTC), such as {tomorrow}."),
                    )
                })?;
                scheduled_at = Some(Some(at));
                self.gate(
                    Who::Person(actor),
                    &article,
                    Step::Workflow(action),
                    article.working(),
                    at,
                    reason,
                )
                .await?
            }
            Action::Publish => {
                let passed = self
                    .gate(
                        Who::Person(actor),
                        &article,
                        Step::Workflow(action),
                        article.working(),
                        now,
                        reason,
                    )
                    .await?;
                // A republication keeps its first date; a first one is dated now.
                if article.status != Status::Unpublished {
                    published_at = Some(now);
                }
                scheduled_at = Some(None);
                events.push(Event::Published { article: id });
                passed
            }
            Action::Update => {
                let given = request.notice.ok_or_else(|| {
                    NewsroomError::invalid(
                        None,
                        "Say what changed: an update needs a note readers will see.",
                    )
                })?;
                let passed = self
                    .gate(
                        Who::Person(actor),
                        &article,
                        Step::Workflow(action),
                        article.working(),
                        article.published_at,
                        reason,
                    )
                    .await?;
                let (event, revision_kind) = match &given {
                    NoticeText::Update(_) => (Event::Updated { article: id }, RevisionKind::Update),
                    NoticeText::Correction(_) => {
                        (Event::Corrected { article: id }, RevisionKind::Correction)
                    }
                };
                events.push(event);
                kind = revision_kind;
                notice = Some(checked_note(given)?);
                passed
            }
        };
        let check_override = passed.check_override.take();
        if article.status == Status::Published
            && filing_changed(&article.current.input, &passed.prepared.input)
        {
            events.push(Event::Moved { article: id });
        }
        let draft = Draft {
            article: passed.prepared,
            image_id: article.working().image_id,
        };
        let notice_ref = notice.as_ref().map(NoticeText::as_notice);
        // What goes live is the working text: with a pending version, that
        // text is written now, with its note; otherwise the text stays.
        let text = if article.pending.is_some() || action == Action::Update {
            TextChange::Write {
                draft: &draft,
                kind,
                note: notice_ref.map(notice_note),
            }
        } else {
            TextChange::Keep
        };
        let change = ArticleChange {
            status: passed.next,
            text,
            notice: notice_ref,
            published_at,
            scheduled_at,
            check_override: recorded(&check_override, action_name(action, notice_ref)),
            events: &events,
            note,
            ..self.change(actor, &article, now)
        };
        let version = self.store().change_article(&change).await?;
        tracing::info!(
            article = id,
            user = actor.id,
            action = %action,
            status = %passed.next,
            overridden = change.check_override.is_some(),
            "workflow step"
        );
        Ok(Moved {
            status: passed.next,
            version,
        })
    }

    /// The checks on text as typed in the editor, dated as the article
    /// would be (its publication or scheduled time, else today).
    pub async fn findings(
        &self,
        article: &EditableArticle,
        text: TextToCheck<'_>,
    ) -> Result<Vec<Finding>> {
        let sources = self.store().source_texts(article.id).await?;
        let mut found = self.run_checks(text, &sources, self.dated(article, None));
        found.extend(self.sentence_findings(article.id, text.body).await?);
        Ok(found)
    }

    /// The checks over a new article's text before its first save: no
    /// agency copy to compare yet, dated today.
    pub fn findings_for_new(&self, text: TextToCheck<'_>) -> Vec<Finding> {
        let today = self.now().to_zoned(self.time_zone()).date();
        self.run_checks(text, &SourceTexts::default(), today)
    }

    /// Publishes every scheduled article whose time has come, through the
    /// same gate as a person's publish. Several instances may run this at
    /// once: each article's change is claimed by exactly one of them (the
    /// others find it stale and move on). Returns the ids published.
    pub async fn publish_due(&self) -> Result<Vec<i64>> {
        self.publish_due_at(self.now()).await
    }

    /// [`Self::publish_due`] as of `now`.
    pub async fn publish_due_at(&self, now: Timestamp) -> Result<Vec<i64>> {
        let mut published = Vec::new();
        for due in self.store().due_scheduled(now).await? {
            let article = match self.store().article_for_edit(due.id).await {
                Ok(article) if article.version == due.version => article,
                // Changed or gone since the list was read: the next tick sees it as it is.
                Ok(_) | Err(StoreError::NotFound) => continue,
                Err(other) => return Err(other.into()),
            };
            match self.fire(&article, due.scheduled_at, now).await {
                Ok(()) => published.push(article.id),
                Err(NewsroomError::Stale(_)) => {}
                Err(refusal) => {
                    // Held, scheduled still: the newsroom sees why in the log
                    // and the article stays where the editor can act on it.
                    tracing::warn!(article = article.id, reason = %refusal, "a scheduled article was held at the gate");
                }
            }
        }
        Ok(published)
    }

    async fn fire(&self, article: &EditableArticle, at: Timestamp, now: Timestamp) -> Result<()> {
        let passed = self
            .gate(
                Who::Scheduler,
                article,
                Step::Fire,
                article.working(),
                at,
                None,
            )
            .await?;
        let events = [Event::Published {
            article: article.id,
        }];
        let draft = Draft {
            article: passed.prepared,
            image_id: article.working().image_id,
        };
        let text = if article.pending.is_some() {
            TextChange::Write {
                draft: &draft,
                kind: RevisionKind::Saved,
                note: None,
            }
        } else {
            TextChange::Keep
        };
        let change = ArticleChange {
            id: article.id,
            expected_version: article.version,
            expected_status: article.status,
            status: passed.next,
            text,
            notice: None,
            published_at: Some(at),
            scheduled_at: Some(None),
            check_override: None,
            note: None,
            filing: Filing::ExistingOnly,
            events: &events,
            by: None,
            at: now,
        };
        self.store().change_article(&change).await?;
        tracing::info!(article = article.id, "scheduled article published");
        Ok(())
    }

    /// The publish gate, the one place that decides whether text may go
    /// (or stay) in front of readers: the role rule of the workflow, the
    /// rules no override lifts (machine copy names its editor), then the
    /// editorial checks, which only an editor's written reason gets past.
    /// The scheduler passes when the checks pass, or when an editor's
    /// override was given for the version it is about to publish.
    async fn gate(
        &self,
        who: Who<'_>,
        article: &EditableArticle,
        step: Step,
        text: &DraftInput,
        on: Timestamp,
        reason: Option<&str>,
    ) -> Result<Passed> {
        let next = match (who, step) {
            (Who::Person(actor), Step::Workflow(action)) => {
                workflow::transition(article.status, action, actor.role, is_own(actor, article))
                    .map_err(workflow_refusal)?
            }
            (Who::Person(actor), Step::EditScheduled) => {
                workflow::transition(
                    Status::Scheduled,
                    Action::Publish,
                    actor.role,
                    is_own(actor, article),
                )
                .map_err(workflow_refusal)?;
                Status::Scheduled
            }
            (Who::Scheduler, Step::Fire) => {
                workflow::fire_schedule(article.status).ok_or_else(|| {
                    NewsroomError::WrongStatus(format!(
                        "An article that is {} has no schedule to fire.",
                        article.status
                    ))
                })?
            }
            (Who::Person(_), Step::Fire) | (Who::Scheduler, _) => {
                return Err(NewsroomError::NotAllowed(
                    "Only the scheduler fires a schedule.".into(),
                ));
            }
        };
        if matches!(next, Status::Published | Status::Scheduled) {
            self.agency_terms_allow(article.id, on).await?;
        }
        let prepared = text.input.clone().prepare(Completeness::Publishable)?;
        let sources = self.store().source_texts(article.id).await?;
        let input = &prepared.input;
        let mut found = self.run_checks(
            TextToCheck {
                headline: &input.headline,
                standfirst: input.standfirst.as_deref(),
                body: &input.body_markdown,
                provenance: input.provenance,
                editor: input.editor.as_deref(),
            },
            &sources,
            self.dated(article, Some(on)),
        );
        found.extend(
            self.sentence_findings(article.id, &input.body_markdown)
                .await?,
        );
        let errors = checks::error_count(&found);
        if errors == 0 {
            return Ok(Passed {
                next,
                prepared,
                check_override: None,
            });
        }
        let summary = checks::error_summary(&found);
        let check_override = match who {
            Who::Person(actor) => {
                let reason = reason.map(str::trim).filter(|r| !r.is_empty());
                match reason {
                    Some(reason) if actor.is_editor() => {
                        if reason.chars().count() > MAX_REASON_CHARS {
                            return Err(NewsroomError::invalid(
                                None,
                                format!("Keep the reason under {MAX_REASON_CHARS} characters."),
                            ));
                        }
                        Some((reason.to_owned(), summary))
                    }
                    _ => {
                        return Err(NewsroomError::ChecksFailed {
                            errors,
                            summary,
                            may_override: actor.is_editor(),
                        });
                    }
                }
            }
            Who::Scheduler => {
                let overrides = self.store().check_overrides(article.id).await?;
                if !overrides.iter().any(|o| o.version == Some(article.version)) {
                    return Err(NewsroomError::ChecksFailed {
                        errors,
                        summary,
                        may_override: false,
                    });
                }
                None
            }
        };
        Ok(Passed {
            next,
            prepared,
            check_override,
        })
    }

    /// Writes a save or a restore: a draft's text, a live article's pending
    /// version, or (with an intent to publish) a live article's new text.
    async fn write_text(
        &self,
        actor: &Actor,
        article: &EditableArticle,
        draft: Draft,
        intent: SaveIntent,
        reason: Option<&str>,
        kind: RevisionKind,
    ) -> Result<Saved> {
        let now = self.now();
        let id = article.id;
        match (article.status, intent) {
            (Status::Published, SaveIntent::Save) => {
                let pending = DraftInput {
                    input: draft.article.input,
                    image_id: draft.image_id,
                };
                let change = ArticleChange {
                    text: TextChange::Pending { draft: &pending },
                    ..self.change(actor, article, now)
                };
                let version = self.store().change_article(&change).await?;
                Ok(Saved::Pending { version })
            }
            (Status::Published, intent) => {
                let notice = match intent {
                    SaveIntent::MinorFix | SaveIntent::Save => None,
                    SaveIntent::Update(note) => Some(checked_note(NoticeText::Update(note))?),
                    SaveIntent::Correction(note) => {
                        Some(checked_note(NoticeText::Correction(note))?)
                    }
                };
                let working = DraftInput {
                    input: draft.article.input.clone(),
                    image_id: draft.image_id,
                };
                let passed = self
                    .gate(
                        Who::Person(actor),
                        article,
                        Step::Workflow(Action::Update),
                        &working,
                        article.published_at,
                        reason,
                    )
                    .await?;
                let mut events = vec![match notice {
                    Some(NoticeText::Correction(_)) => Event::Corrected { article: id },
                    _ => Event::Updated { article: id },
                }];
                if filing_changed(&article.current.input, &passed.prepared.input) {
                    events.push(Event::Moved { article: id });
                }
                let kind = match notice {
                    None => RevisionKind::MinorFix,
                    Some(NoticeText::Update(_)) => RevisionKind::Update,
                    Some(NoticeText::Correction(_)) => RevisionKind::Correction,
                };
                let notice_ref = notice.as_ref().map(NoticeText::as_notice);
                let live = Draft {
                    article: passed.prepared,
                    image_id: draft.image_id,
                };
                let change = ArticleChange {
                    text: TextChange::Write {
                        draft: &live,
                        kind,
                        note: notice_ref.map(notice_note),
                    },
                    notice: notice_ref,
                    check_override: recorded(
                        &passed.check_override,
                        action_name(Action::Update, notice_ref),
                    ),
                    events: &events,
                    ..self.change(actor, article, now)
                };
                let version = self.store().change_article(&change).await?;
                Ok(Saved::Published { version })
            }
            (Status::Scheduled, SaveIntent::Save) => {
                // The saved text is what goes live: it passes the gate now,
                // dated as it will be published.
                let working = DraftInput {
                    input: draft.article.input.clone(),
                    image_id: draft.image_id,
                };
                let on = article.scheduled_at.unwrap_or(now);
                let passed = self
                    .gate(
                        Who::Person(actor),
                        article,
                        Step::EditScheduled,
                        &working,
                        on,
                        reason,
                    )
                    .await?;
                let scheduled = Draft {
                    article: passed.prepared,
                    image_id: draft.image_id,
                };
                let change = ArticleChange {
                    text: TextChange::Write {
                        draft: &scheduled,
                        kind,
                        note: None,
                    },
                    check_override: recorded(&passed.check_override, "schedule"),
                    ..self.change(actor, article, now)
                };
                let version = self.store().change_article(&change).await?;
                Ok(Saved::Draft { version })
            }
            (_, SaveIntent::Save) => {
                let change = ArticleChange {
                    text: TextChange::Write {
                        draft: &draft,
                        kind,
                        note: None,
                    },
                    ..self.change(actor, article, now)
                };
                let version = self.store().change_article(&change).await?;
                Ok(Saved::Draft { version })
            }
            (status, _) => Err(NewsroomError::WrongStatus(format!(
                "An article that is {status} is not live: save it, then publish it."
            ))),
        }
    }

    /// A change that keeps everything as it is, from the article as read:
    /// the base every verb fills in.
    fn change<'a>(
        &self,
        actor: &Actor,
        article: &EditableArticle,
        at: Timestamp,
    ) -> ArticleChange<'a> {
        ArticleChange {
            id: article.id,
            expected_version: article.version,
            expected_status: article.status,
            status: article.status,
            text: TextChange::Keep,
            notice: None,
            published_at: None,
            scheduled_at: None,
            check_override: None,
            note: None,
            filing: Filing::ExistingOnly,
            events: &[],
            by: Some(actor.id),
            at,
        }
    }

    /// Whether this person may change the text of `article` as it stands:
    /// a live or scheduled article changes only for those who may publish
    /// it, so a contributor cannot edit past review.
    fn may_change_text(&self, actor: &Actor, article: &EditableArticle) -> Result<()> {
        let own = is_own(actor, article);
        let may = match article.status {
            Status::Published => {
                workflow::transition(article.status, Action::Update, actor.role, own).is_ok()
            }
            Status::Scheduled => {
                workflow::transition(article.status, Action::Publish, actor.role, own).is_ok()
            }
            _ => true,
        };
        if may {
            Ok(())
        } else {
            Err(NewsroomError::NotAllowed(
                "This article is live or scheduled: only someone who may publish it can change its text. Ask an editor."
                    .into(),
            ))
        }
    }

    /// The form as a draft: its input prepared, its names found in the
    /// catalog (or created, when an editor says so), its hero image checked
    /// against the library.
    pub(crate) async fn prepare_form(
        &self,
        actor: &Actor,
        form: ArticleForm,
        completeness: Completeness,
    ) -> Result<Draft> {
        let article = form.input.prepare(completeness)?;
        let input = &article.input;
        let store = self.store();
        let mut missing_section = None;
        if !store.section_exists(&input.section).await? {
            missing_section = Some(input.section.clone());
        }
        let mut missing_authors = Vec::new();
        for name in &input.authors {
            if !store.author_exists(name).await? {
                if name.eq_ignore_ascii_case(&actor.name) {
                    // A writer's own name is no typo: their byline's
                    // profile is made the first time they file.
                    match store.create_author(&own_profile(actor), self.now()).await {
                        // Made meanwhile by the writer's other tab: the same person.
                        Ok(_) | Err(StoreError::Conflict { .. }) => {}
                        Err(other) => return Err(other.into()),
                    }
                } else {
                    missing_authors.push(name.clone());
                }
            }
        }
        if missing_section.is_some() || !missing_authors.is_empty() {
            if form.create_missing && actor.is_editor() {
                if let Some(name) = &missing_section {
                    self.create_section(actor, name).await?;
                }
                for name in &missing_authors {
                    self.create_author(actor, name).await?;
                }
            } else {
                return Err(missing_names(actor, missing_section, &missing_authors));
            }
        }
        if let Some(image_id) = form.image_id {
            let refusal = match store.image_ref(image_id).await {
                Ok(image) if !image.alt.is_empty() && !image.credit.is_empty() => None,
                Ok(_) => {
                    Some("The hero image needs alt text and a credit: choose one from the list.")
                }
                Err(StoreError::NotFound) => Some("That hero image is not in the media library."),
                Err(other) => return Err(other.into()),
            };
            if let Some(message) = refusal {
                return Err(NewsroomError::invalid(None, message));
            }
        }
        Ok(Draft {
            article,
            image_id: form.image_id,
        })
    }

    fn run_checks(
        &self,
        text: TextToCheck<'_>,
        sources: &SourceTexts,
        date: jiff::civil::Date,
    ) -> Vec<Finding> {
        let sources = sources.as_sources();
        checks::check(&checks::Draft {
            headline: text.headline.trim(),
            standfirst: text.standfirst.map(str::trim).filter(|s| !s.is_empty()),
            body: text.body,
            date,
            provenance: Some(text.provenance),
            editor: text.editor.map(str::trim).filter(|e| !e.is_empty()),
            sources: Some(&sources),
        })
    }

    /// The day an article's text is dated: `on` when given, else its
    /// publication (live) or scheduled time, else today, in the site's zone.
    fn dated(&self, article: &EditableArticle, on: Option<Timestamp>) -> jiff::civil::Date {
        let at = on.unwrap_or_else(|| match article.status {
            Status::Published | Status::Unpublished => article.published_at,
            Status::Scheduled => article.scheduled_at.unwrap_or_else(|| self.now()),
            _ => self.now(),
        });
        at.to_zoned(self.time_zone()).date()
    }
}

impl NoticeText {
    fn as_notice(&self) -> Notice<'_> {
        match self {
            NoticeText::Update(note) => Notice::Update(note),
            NoticeText::Correction(note) => Notice::Correction(note),
        }
    }
}

fn notice_note(notice: Notice<'_>) -> &str {
    match notice {
        Notice::Update(note) | Notice::Correction(note) => note,
    }
}

/// The notice with its note trimmed, refused when empty or too long.
fn checked_note(notice: NoticeText) -> Result<NoticeText> {
    let (note, correction) = match notice {
        NoticeText::Update(note) => (note, false),
        NoticeText::Correction(note) => (note, true),
    };
    let note = note.trim().to_owned();
    if note.is_empty() {
        return Err(NewsroomError::invalid(
            None,
            if correction {
                "Say what was wrong: a correction needs a notice readers will see."
            } else {
                "Say what changed: an update needs a note readers will see."
            },
        ));
    }
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(NewsroomError::invalid(
            None,
            format!("Keep the note under {MAX_NOTE_CHARS} characters."),
        ));
    }
    Ok(if correction {
        NoticeText::Correction(note)
    } else {
        NoticeText::Update(note)
    })
}

/// The override the gate let through, as the store records it.
fn recorded<'a>(
    passed: &'a Option<(String, String)>,
    action: &'static str,
) -> Option<NewOverride<'a>> {
    passed.as_ref().map(|(reason, findings)| NewOverride {
        reason,
        findings,
        action,
    })
}

fn action_name(action: Action, notice: Option<Notice<'_>>) -> &'static str {
    match (action, notice) {
        (Action::Update, Some(Notice::Correction(_))) => "correct",
        (Action::Update, Some(Notice::Update(_))) => "update",
        (Action::Update, None) => "minor fix",
        (Action::Schedule, _) => "schedule",
        _ => "publish",
    }
}

fn own_profile(actor: &Actor) -> dateline_store::AuthorProfile {
    dateline_store::AuthorProfile {
        name: actor.name.clone(),
        role_title: String::new(),
        bio: String::new(),
        avatar_media_id: None,
    }
}

fn is_own(actor: &Actor, article: &EditableArticle) -> bool {
    article.created_by == Some(actor.id)
}

fn stale(article: &EditableArticle) -> NewsroomError {
    NewsroomError::Stale(format!(
        "Not saved: this article changed since you opened it (it is now version {}, {}).",
        article.version, article.status
    ))
}

fn workflow_refusal(err: workflow::WorkflowError) -> NewsroomError {
    match err {
        workflow::WorkflowError::NotAllowed { .. } => NewsroomError::NotAllowed(format!("{err}.")),
        workflow::WorkflowError::WrongStatus { .. } => {
            NewsroomError::WrongStatus(format!("{err}."))
        }
    }
}

/// Section, byline or tags differ: the article leaves pages as well as joining them.
fn filing_changed(before: &ArticleInput, after: &ArticleInput) -> bool {
    let same_names = |a: &[String], b: &[String]| {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y))
    };
    !before.section.eq_ignore_ascii_case(&after.section)
        || !same_names(&before.authors, &after.authors)
        || !same_names(&before.tags, &after.tags)
}

fn missing_names(actor: &Actor, section: Option<String>, authors: &[String]) -> NewsroomError {
    let how = if actor.role >= Role::Editor {
        "choose one from the list, or tick “create the new names” to add it"
    } else {
        "choose one from the list; an editor can create new ones"
    };
    match section {
        Some(name) => NewsroomError::invalid(
            Some(InputField::Section),
            format!("There is no section “{name}”: {how}."),
        ),
        None => NewsroomError::invalid(
            Some(InputField::Authors),
            format!(
                "There is no author named “{}”: {how}.",
                authors.join("”, “")
            ),
        ),
    }
}

/// A note's words: trimmed, `None` when empty, refused when too long.
fn checked_note_text(raw: Option<&str>) -> Result<Option<String>> {
    let Some(text) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > dateline_core::limits::MAX_DESK_NOTE_CHARS {
        return Err(NewsroomError::invalid(
            None,
            format!(
                "The note is too long: keep it under {} characters.",
                dateline_core::limits::MAX_DESK_NOTE_CHARS
            ),
        ));
    }
    Ok(Some(text.to_owned()))
}
