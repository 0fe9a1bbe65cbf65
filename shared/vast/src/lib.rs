//! VAST 2.0–4.3 ad responses (IAB Tech Lab, "VAST 4.3", 2022) read into typed models, on
//! [`ottedge_xml`]'s bounded element tree: the part a server-side stitcher and server-side
//! beacons need.
//!
//! Core types: [`Vast`] (the response), [`Ad`] ([`InLine`] or [`Wrapper`], its pod
//! `sequence`), [`Creative`] with its [`Linear`] part ([`MediaFile`]s, [`Tracking`] events,
//! `skipoffset`, [`AdParameters`], [`UniversalAdId`]s), and VMAP 1.0 playlists ([`Vmap`],
//! [`AdBreak`]s by [`TimeOffset`]). Times are milliseconds ([`time`]).
//!
//! ```
//! let vast = ottedge_vast::Vast::parse(r#"<VAST version="4.1"><Ad id="a1" sequence="1"><InLine>
//!   <Impression><![CDATA[https://t.example/imp]]></Impression>
//!   <Creatives><Creative id="c1" adId="x"><Linear><Duration>00:00:15.133</Duration>
//!     <TrackingEvents><Tracking event="start">https://t.example/start</Tracking></TrackingEvents>
//!     <MediaFiles><MediaFile delivery="progressive" type="video/mp4" width="640" height="360">
//!       https://cdn.example/ad.mp4</MediaFile></MediaFiles>
//!   </Linear></Creative></Creatives></InLine></Ad></VAST>"#)?;
//! let ad = &vast.ads[0];
//! assert_eq!(ad.sequence, Some(1));
//! let linear = ad.inline().unwrap().creatives[0].linear.as_ref().unwrap();
//! assert_eq!(linear.duration_ms, Some(15_133));
//! assert_eq!(linear.media_files[0].url, "https://cdn.example/ad.mp4");
//! assert_eq!(linear.tracking_urls("start").collect::<Vec<_>>(), ["https://t.example/start"]);
//! # Ok::<(), ottedge_vast::VastError>(())
//! ```
//!
//! Reading is one way: the edge consumes VAST and writes manifests, it never re-emits VAST,
//! so there is no serializer. Unknown elements are ignored, not errors (VAST grows by
//! extension: `<Extensions>`, `<AdVerifications>`, `<Pricing>`, …); what a stitcher relies on
//! is checked and every refusal names the element path ([`VastError`]). Wrapper chains are
//! followed by the caller (it fetches); [`Ad::merge_wrapper`] folds each Wrapper's reporting
//! into the ad it led to. Why by hand: the Rust VAST crates (`vast4-rs`, `vast-rs`) are
//! serde-over-quick-xml models of one version with no limits on input size and no error
//! paths, and pull serde derives for every element into the Wasm builds.

mod ad;
mod creative;
pub mod error;
mod inline;
mod linear;
pub mod macros;
mod media_file;
mod node;
pub mod time;
mod tracking;
mod vast;
pub mod vmap;
mod wrapper;

pub use ad::{Ad, AdBody};
pub use creative::{Creative, UniversalAdId};
pub use error::VastError;
pub use inline::InLine;
pub use linear::{AdParameters, Linear};
pub use media_file::MediaFile;
pub use time::Offset;
pub use tracking::Tracking;
pub use vast::{Limits, Vast};
pub use vmap::{AdBreak, AdSource, TimeOffset, Vmap};
pub use wrapper::Wrapper;
