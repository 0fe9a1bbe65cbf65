//! Common Media Client Data (CMCD, CTA-5004, with the cheap parts of CTA-5004-A): the data a
//! player attaches to each media request, typed.
//!
//! The core type is [`Cmcd`]: the 18 reserved keys of the CTA-5004 §3 key table as typed fields (`br`,
//! `bl`, `bs`, `cid`, `d`, `dl`, `mtp`, `nor`, `nrr`, `ot`, `pr`, `rtp`, `sf`, `sid`, `st`,
//! `su`, `tb`, `v`) and every other key in [`Cmcd::other`] as a [`Value`] with the header
//! ([`Shard`]) it travels in. It decodes from and encodes to both transmission modes:
//!
//! - the query argument `CMCD=<URL-encoded payload>` (CTA-5004 §2, query mode): [`Cmcd::from_query`],
//!   [`Cmcd::to_query_value`];
//! - the headers `CMCD-Object`, `CMCD-Request`, `CMCD-Session`, `CMCD-Status` (CTA-5004 §2, header mode):
//!   [`Cmcd::from_headers`], [`Cmcd::to_headers`].
//!
//! ```
//! use ottedge_cmcd::{Cmcd, ObjectType, StreamingFormat};
//!
//! // What hls.js 1.7 appends to a video segment request.
//! let url = "https://cdn.example/v/seg-12.m4s?CMCD=bl%3D21300%2Cbr%3D800%2Cd%3D4000\
//!            %2Cmtp%3D12400%2Cot%3Dv%2Csf%3Dh%2Csid%3D%22a1b2%22%2Cst%3Dv%2Ctb%3D4000";
//! let cmcd = Cmcd::from_query(url)?;
//! assert_eq!(cmcd.bl, Some(21300));
//! assert_eq!(cmcd.ot, Some(ObjectType::Video));
//! assert_eq!(cmcd.sf, Some(StreamingFormat::Hls));
//!
//! // The same data as headers, and back.
//! let headers = cmcd.to_headers();
//! assert_eq!(headers[0], ("CMCD-Object", "br=800,d=4000,ot=v,tb=4000".to_owned()));
//! assert_eq!(Cmcd::from_headers(headers)?, cmcd);
//!
//! // A canonical query value re-encodes byte for byte.
//! assert_eq!(format!("https://cdn.example/v/seg-12.m4s?{}", cmcd.to_query()), url);
//! # Ok::<(), ottedge_cmcd::CmcdError>(())
//! ```
//!
//! # Encoding rules (CTA-5004 §3, data payload)
//!
//! Pairs are `key=value`, comma separated (rules 1–3); a true boolean is the bare key (rule 2)
//! and this crate writes a false one as `key=?0` (the Structured Field form, rule 11) — players
//! omit false booleans, so decoded data rarely has one. Keys are case-sensitive (rule 6) and are
//! written in alphabetical order (rule 9), custom keys sorted among the reserved ones. Strings
//! are quoted with `"` and `\` escaped; tokens are bare (rule 7). The query argument is
//! URL-encoded like JavaScript's `encodeURIComponent`, which is what players send (rule 10; see
//! [`url_encode`] for why); headers are not URL-encoded. `nor` stays URL-encoded
//! inside its string as CTA-5004 requires; [`Cmcd::nor_path`] decodes it. An integral `pr` is
//! written as an integer (`pr=1`).
//!
//! Round trips: decode → encode → decode gives equal values for every input decode accepts,
//! and a payload that is already canonical (sorted, no spaces, no `?1`, shortest numbers)
//! re-encodes byte-identically.
//!
//! [`split_query_argument`] takes the argument off a URL, so that an edge can keep CMCD out of
//! cache keys and origin requests.
//!
//! # Strict and lenient
//!
//! [`Cmcd::from_query`] and [`Cmcd::from_headers`] are strict: the first problem is the error
//! (a [`CmcdError`] naming the key or the byte offset). Players do send odd values, and an edge
//! must not lose data for logging, so the `_lenient` variants never fail on content (only on
//! a missing argument or a [limit](MAX_KEYS)) and return a [`Lenient`] with every problem:
//!
//! - a reserved key with a value of the wrong type (`br=1.5`, `ot=x`) is kept in
//!   [`Cmcd::other`] with its value as sent;
//! - a value that is no valid item (`br=12ab`) is kept as [`Value::Raw`] when it has no `"`,
//!   space or control character; a pair that cannot be read at all is skipped up to the next
//!   comma;
//! - a repeated key: the later one wins (as for Structured Field dictionaries);
//! - a broken `%` escape stays literal, bytes that are not UTF-8 become U+FFFD.
//!
//! Rules that do not affect decoding (`bl`/`dl` rounded to 100 ms, `mtp`/`rtp` to 100 kbps,
//! `cid` at most 64 characters, custom keys with a hyphenated prefix) are reported by
//! [`Cmcd::conformance_problems`], in both modes, and never stop decoding.
//!
//! Keys from the query form that have no typed field go to the `CMCD-Request` header when
//! re-encoded as headers (CTA-5004 §3 payload rule 5 leaves the choice to the sender); keys from
//! headers keep their header. A reserved key found in another header than the key table says
//! is accepted and re-encoded in its own header.
//!
//! # Limits
//!
//! At most [`MAX_KEYS`] keys, [`MAX_PAYLOAD_BYTES`] per header value,
//! [`MAX_QUERY_VALUE_BYTES`] of encoded query argument and [`MAX_INNER_LIST_ITEMS`] per inner
//! list; numbers follow RFC 8941 (15 digits).

mod byte_range;
mod cmcd;
mod cursor;
mod error;
mod payload;
mod query;
mod shard;
mod token;
mod value;

pub use byte_range::ByteRange;
pub use cmcd::{Cmcd, Custom, Lenient, MAX_CONTENT_ID_CHARS};
pub use error::{CmcdError, Origin};
pub use payload::{MAX_KEYS, MAX_PAYLOAD_BYTES};
pub use query::{
    MAX_QUERY_VALUE_BYTES, QUERY_ARGUMENT, find_query_value, split_query_argument, url_decode,
    url_encode,
};
pub use shard::Shard;
pub use token::{ObjectType, StreamType, StreamingFormat};
pub use value::{MAX_INNER_LIST_ITEMS, Value};
