//! The channel runner: at each segment boundary of the wall clock it asks the
//! [`SegmentSource`] for segment `n`, writes the files atomically, publishes them, and deletes
//! what left the DVR window.
//!
//! Publication order is what keeps players safe: a segment's files are renamed into place
//! *before* the published watermark moves past it, and every manifest is rendered by
//! `ottedge-live` at `min(now, end of the newest published segment)`, so no manifest can list a
//! segment whose file is not there — however late the source is. Files are deleted only after
//! the watermark moved the window past them.
//!
//! Lateness (time the segment became available minus its wall-clock end) is kept in
//! [`PublishStats`] and passed to the optional [`PublishLog`].

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ottedge_live::timeline::segment_start_ms;
use ottedge_live::{Channel, ChannelSpec, Cue, CueError, SignalKind, SpecError, Window};
use tokio::sync::watch;

use crate::LocalDir;
use crate::live::clock::Clock;
use crate::live::source::{Picture, Rgb, SegmentSource, SourceError, Splice};

/// Why a channel could not start or stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunnerError {
    /// The spec is not a valid live channel.
    #[error("channel spec: {0}")]
    Spec(#[from] SpecError),
    /// A file or directory under the output directory could not be written or removed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The source failed.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// The source broke its contract (a rendition missing, unknown or repeated).
    #[error("segment {index}: {reason}")]
    BadOutput {
        /// The segment index.
        index: u64,
        /// What was wrong.
        reason: String,
    },
}

/// The colours a channel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colors {
    /// Programme colour.
    pub programme: Rgb,
    /// Ad-break slate colour.
    pub break_slate: Rgb,
}

/// Publication counters of one channel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PublishStats {
    /// Segments published.
    pub segments: u64,
    /// Segment files deleted after leaving the window (all renditions).
    pub deleted_files: u64,
    /// Lateness of the newest segment, in ms.
    pub last_lateness_ms: i64,
    /// Largest lateness seen, in ms.
    pub max_lateness_ms: i64,
    /// Sum of all latenesses, in ms.
    pub total_lateness_ms: i64,
}

/// One publication, as logged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishRecord {
    /// Channel id.
    pub channel: String,
    /// Segment index published.
    pub index: u64,
    /// Available-at minus wall-clock end, in ms.
    pub lateness_ms: i64,
    /// True if the segment belongs to an ad break.
    pub in_break: bool,
    /// Oldest segment still kept after this publication.
    pub window_first: u64,
}

/// A segment to make: index, wall-clock end, picture, the break start on its first segment.
type Job = (u64, i64, Picture, Option<Splice>);

/// Called after every publication.
pub type PublishLog = Arc<dyn Fn(&PublishRecord) + Send + Sync>;

struct State {
    channel: Channel,
    /// One past the newest published segment.
    published_end: u64,
    /// Segments below this index have been deleted.
    deleted_below: u64,
    stats: PublishStats,
}

struct Shared {
    id: String,
    dir: PathBuf,
    files: LocalDir,
    clock: Arc<dyn Clock>,
    colors: Colors,
    log: Option<PublishLog>,
    state: Mutex<State>,
    published: watch::Sender<u64>,
}

/// A running (or ready to run) live channel; cheap to clone.
#[derive(Clone)]
pub struct LiveChannel {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for LiveChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveChannel")
            .field("id", &self.shared.id)
            .finish_non_exhaustive()
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> RunnerError + '_ {
    move |source| RunnerError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so
/// readers see either nothing or the whole file.
async fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), RunnerError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    tokio::fs::write(&tmp, bytes)
        .await
        .map_err(io_error(&tmp))?;
    tokio::fs::rename(&tmp, path).await.map_err(io_error(path))
}

impl LiveChannel {
    /// A channel of `spec` writing under `dir` (created, with one sub-directory per
    /// rendition), timed by `clock`. Nothing is published until [`LiveChannel::run`] runs.
    pub fn new(
        spec: ChannelSpec,
        dir: impl Into<PathBuf>,
        clock: Arc<dyn Clock>,
        colors: Colors,
        log: Option<PublishLog>,
    ) -> Result<Self, RunnerError> {
        let dir = dir.into();
        let channel = Channel::new(spec)?;
        for r in &channel.spec().renditions {
            let sub = dir.join(&r.id);
            std::fs::create_dir_all(&sub).map_err(io_error(&sub))?;
        }
        let files = LocalDir::new(&dir).map_err(io_error(&dir))?;
        // Start with the segment being encoded now (segment 0 before the availability start).
        let next = channel.window(clock.now_ms()).map_or(0, |w| w.end);
        let state = State {
            channel,
            published_end: next,
            deleted_below: next,
            stats: PublishStats::default(),
        };
        Ok(Self {
            shared: Arc::new(Shared {
                id: state.channel.spec().id.clone(),
                dir,
                files,
                clock,
                colors,
                log,
                state: Mutex::new(state),
                published: watch::Sender::new(next),
            }),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The channel id.
    pub fn id(&self) -> &str {
        &self.shared.id
    }

    /// The files written so far, for serving.
    pub fn files(&self) -> &LocalDir {
        &self.shared.files
    }

    /// The clock the channel runs on.
    pub fn clock(&self) -> &dyn Clock {
        self.shared.clock.as_ref()
    }

    /// One past the newest published segment.
    pub fn published_end(&self) -> u64 {
        *self.shared.published.borrow()
    }

    /// Completes once segment `index` is published and the segments it pushed out of the
    /// window are deleted.
    pub async fn wait_published(&self, index: u64) {
        let mut rx = self.shared.published.subscribe();
        let _ = rx.wait_for(|end| *end > index).await;
    }

    /// The publication counters.
    pub fn stats(&self) -> PublishStats {
        self.state().stats
    }

    /// Calls `f` with the timeline and the instant manifests are rendered at:
    /// `min(now, end of the newest published segment)`.
    pub fn with_timeline<R>(&self, f: impl FnOnce(&Channel, i64) -> R) -> R {
        let state = self.state();
        let published = segment_start_ms(state.channel.spec(), state.published_end);
        f(&state.channel, self.shared.clock.now_ms().min(published))
    }

    /// The published window (`Err` before the first segment is published).
    pub fn window(&self) -> Result<Window, ottedge_live::OutputError> {
        self.with_timeline(|channel, at| channel.window(at))
    }

    /// Cues an on-demand break of `duration_ms` at the clock's now (see [`Channel::cue`]).
    pub fn cue(&self, duration_ms: i64, signal: SignalKind) -> Result<Cue, CueError> {
        let now = self.shared.clock.now_ms();
        self.state().channel.cue(now, duration_ms, signal)
    }

    /// Writes the init segments, then produces, writes and publishes one segment per segment
    /// boundary until the source or the file system fails (or the task is dropped).
    pub async fn run(self, source: impl SegmentSource) -> Result<(), RunnerError> {
        let mut source = Box::new(source);
        let renditions: Vec<String> = {
            let state = self.state();
            let spec = state.channel.spec();
            spec.renditions.iter().map(|r| r.id.clone()).collect()
        };
        for r in &renditions {
            let bytes = source.init(r)?;
            write_atomic(&self.shared.dir.join(r).join("init.mp4"), &bytes).await?;
        }
        loop {
            let (index, due, picture, splice) = self.next_job()?;
            self.shared.clock.sleep_until(due).await;
            let (back, made) = tokio::task::spawn_blocking(move || {
                let made = source.segment(index, picture, splice.as_ref());
                (source, made)
            })
            .await
            .map_err(|e| RunnerError::BadOutput {
                index,
                reason: format!("source task failed: {e}"),
            })?;
            source = back;
            let made = check_output(index, &renditions, made?)?;
            for (r, bytes) in &made {
                let path = self.shared.dir.join(r).join(format!("seg-{index}.m4s"));
                write_atomic(&path, bytes).await?;
            }
            let (gone, record) = self.publish(index, due, matches!(picture, Picture::Break(_)));
            self.delete(&renditions, gone).await?;
            self.announce(&record);
        }
    }

    /// The next segment to make: its index, wall-clock end, picture and splice section.
    fn next_job(&self) -> Result<Job, RunnerError> {
        let state = self.state();
        let index = state.published_end;
        let spec = state.channel.spec();
        let due = segment_start_ms(spec, index.saturating_add(1));
        let brk = state
            .channel
            .breaks_touching(index, index.saturating_add(1))
            .into_iter()
            .find(|b| (b.first_segment..b.end_segment()).contains(&index));
        let Some(brk) = brk else {
            return Ok((
                index,
                due,
                Picture::Programme(self.shared.colors.programme),
                None,
            ));
        };
        let splice = if brk.first_segment == index {
            let section = ottedge_live::scte::out_section(spec, &brk);
            let bytes = section.encode().map_err(|e| RunnerError::BadOutput {
                index,
                reason: format!("SCTE-35 section of event_id {}: {e}", brk.event_id),
            })?;
            let duration_ticks = brk
                .segments
                .saturating_mul(spec.segment_duration)
                .saturating_mul(90);
            Some(Splice {
                section: bytes,
                event_id: brk.event_id,
                duration_ticks,
            })
        } else {
            None
        };
        Ok((
            index,
            due,
            Picture::Break(self.shared.colors.break_slate),
            splice,
        ))
    }

    /// Moves the watermark past `index` and prunes the cues; returns the segment indexes that
    /// left the window (to delete) and the record to announce.
    fn publish(
        &self,
        index: u64,
        due: i64,
        in_break: bool,
    ) -> (std::ops::Range<u64>, PublishRecord) {
        let now = self.shared.clock.now_ms();
        let lateness = now.saturating_sub(due);
        let mut state = self.state();
        state.published_end = index.saturating_add(1);
        let at = segment_start_ms(state.channel.spec(), state.published_end);
        let first = state.channel.window(at).map_or(0, |w| w.first);
        state.channel.prune(at);
        let gone = state.deleted_below..first.max(state.deleted_below);
        state.deleted_below = gone.end;
        let s = &mut state.stats;
        s.segments = s.segments.saturating_add(1);
        s.last_lateness_ms = lateness;
        s.max_lateness_ms = s.max_lateness_ms.max(lateness);
        s.total_lateness_ms = s.total_lateness_ms.saturating_add(lateness);
        drop(state);
        let record = PublishRecord {
            channel: self.shared.id.clone(),
            index,
            lateness_ms: lateness,
            in_break,
            window_first: first,
        };
        (gone, record)
    }

    /// Tells [`LiveChannel::wait_published`] waiters and the log that a publication (and
    /// its deletions) is complete.
    fn announce(&self, record: &PublishRecord) {
        self.shared
            .published
            .send_replace(record.index.saturating_add(1));
        if let Some(log) = &self.shared.log {
            log(record);
        }
    }

    async fn delete(
        &self,
        renditions: &[String],
        gone: std::ops::Range<u64>,
    ) -> Result<(), RunnerError> {
        let mut deleted = 0u64;
        for n in gone {
            for r in renditions {
                let path = self.shared.dir.join(r).join(format!("seg-{n}.m4s"));
                match tokio::fs::remove_file(&path).await {
                    Ok(()) => deleted += 1,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(io_error(&path)(e)),
                }
            }
        }
        let mut state = self.state();
        state.stats.deleted_files = state.stats.deleted_files.saturating_add(deleted);
        Ok(())
    }
}

/// The source's output in rendition order, or why it breaks the contract.
fn check_output(
    index: u64,
    renditions: &[String],
    mut made: Vec<(String, Vec<u8>)>,
) -> Result<Vec<(String, Vec<u8>)>, RunnerError> {
    let bad = |reason: String| RunnerError::BadOutput { index, reason };
    if let Some((r, _)) = made.iter().find(|(r, _)| !renditions.contains(r)) {
        return Err(bad(format!("rendition {r:?} is not one of the channel's")));
    }
    for r in renditions {
        let count = made.iter().filter(|(m, _)| m == r).count();
        if count != 1 {
            return Err(bad(format!("rendition {r:?} returned {count} times")));
        }
    }
    made.sort_by_key(|(m, _)| renditions.iter().position(|r| r == m));
    Ok(made)
}
