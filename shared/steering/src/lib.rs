//! Content steering manifests, typed and validated: the JSON a steering server sends to tell
//! players which CDN ("pathway") to use.
//!
//! - [`HlsSteeringManifest`]: draft-pantos-hls-rfc8216bis §7.1 (`VERSION`, `TTL`,
//!   `RELOAD-URI`, `PATHWAY-PRIORITY`) and §7.2 Pathway Cloning (`PATHWAY-CLONES` with
//!   `BASE-ID`, `ID`, `URI-REPLACEMENT` {`HOST`, `PARAMS`, `PER-VARIANT-URIS`,
//!   `PER-RENDITION-URIS`}).
//! - [`DashSteeringManifest`]: the DASH Content Steering Manifest (DCSM) of ETSI TS 103 998
//!   clause 6 (same member names as HLS), also accepting the DASH-IF draft's
//!   `SERVICE-LOCATION-PRIORITY`.
//! - [`SteeringManifest`]: either, for tools that get a file of unknown kind.
//!
//! Members are typed with their exact JSON names; members this crate does not know are kept in
//! an `extra` map at every level and written back, so a proxy that rewrites a manifest does
//! not drop them.
//!
//! ```
//! use ottedge_steering::HlsSteeringManifest;
//!
//! let json = r#"{
//!   "VERSION": 1,
//!   "TTL": 300,
//!   "RELOAD-URI": "https://steering.example.com/app/session42?video=00012",
//!   "PATHWAY-PRIORITY": ["CDN-A", "CDN-B"],
//!   "PATHWAY-CLONES": [{
//!     "BASE-ID": "CDN-A",
//!     "ID": "CDN-C",
//!     "URI-REPLACEMENT": { "HOST": "backup.example.com" }
//!   }],
//!   "X-EXAMPLE-HINT": "kept"
//! }"#;
//! let manifest = HlsSteeringManifest::from_json(json)?;
//! assert_eq!(manifest.pathway_priority, ["CDN-A", "CDN-B"]);
//! assert_eq!(manifest.extra["X-EXAMPLE-HINT"], "kept");
//!
//! // validate() reports every problem with a JSON pointer.
//! let mut edited = manifest.clone();
//! edited.version = 2;
//! edited.pathway_priority.push("CDN-A".into());
//! let problems: Vec<String> = edited.validate().iter().map(|p| p.to_string()).collect();
//! assert_eq!(problems, [
//!     "/VERSION: VERSION must be 1, the only version defined",
//!     "/PATHWAY-PRIORITY/2: duplicate of /PATHWAY-PRIORITY/0",
//! ]);
//! # Ok::<(), ottedge_steering::SteeringError>(())
//! ```
//!
//! # Validation
//!
//! `from_json` reads the JSON, runs the validator over the JSON value (so wrong JSON types are
//! reported with a pointer too, not as the first serde error) and only then builds the typed
//! form; [`SteeringError::Invalid`] carries every [`Problem`]. `validate()` runs the same
//! checks on a typed value after edits. Checked: `VERSION` present and 1; `TTL` present and a
//! non-negative integer; `RELOAD-URI` a non-empty string; the priority list present, non-empty,
//! without duplicates, HLS ids in the §4.4.6.1 PATHWAY-ID grammar (`[a-zA-Z0-9._-]`); each
//! clone with `BASE-ID` naming a pathway of the priority list or an earlier clone (or of the
//! playlist, with `validate_with_pathways`), a unique `ID` different from its base,
//! `URI-REPLACEMENT` an object whose `HOST` is a bare host and whose maps hold strings.
//!
//! Limits: [`MAX_MANIFEST_BYTES`] of input, [`MAX_LIST_ENTRIES`] per list; serde_json caps
//! nesting at 128 levels.

mod clone;
mod dash;
mod hls;
mod manifest;
mod problem;
mod validate;

pub use clone::{PathwayClone, UriReplacement};
pub use dash::DashSteeringManifest;
pub use hls::HlsSteeringManifest;
pub use manifest::{Kind, SteeringManifest};
pub use problem::{MAX_MANIFEST_BYTES, Problem, SteeringError};
pub use validate::{MAX_LIST_ENTRIES, is_pathway_id};
