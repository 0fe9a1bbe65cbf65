//! The four CMCD request headers ("shards", CTA-5004 §2, header mode) and which reserved key goes where
//! (the "Header name" column of the key table in CTA-5004 §3).

/// One of the four `CMCD-*` request headers.
///
/// Ordered as [`Cmcd::to_headers`](crate::Cmcd::to_headers) emits them (alphabetical).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[non_exhaustive]
pub enum Shard {
    /// `CMCD-Object`: keys whose values vary with the object being requested.
    Object,
    /// `CMCD-Request`: keys whose values vary with each request.
    Request,
    /// `CMCD-Session`: keys whose values are expected to be invariant over the session.
    Session,
    /// `CMCD-Status`: keys whose values do not vary with every request or object.
    Status,
}

impl Shard {
    /// All four, in header emission order.
    pub const ALL: [Shard; 4] = [Shard::Object, Shard::Request, Shard::Session, Shard::Status];

    /// The HTTP header name, e.g. `CMCD-Request`.
    pub fn header_name(self) -> &'static str {
        match self {
            Shard::Object => "CMCD-Object",
            Shard::Request => "CMCD-Request",
            Shard::Session => "CMCD-Session",
            Shard::Status => "CMCD-Status",
        }
    }

    /// Recognises a header name, ignoring ASCII case (HTTP header names are case-insensitive).
    pub fn from_header_name(name: &str) -> Option<Shard> {
        Shard::ALL
            .into_iter()
            .find(|shard| shard.header_name().eq_ignore_ascii_case(name.trim()))
    }

    /// The header a reserved CTA-5004 key belongs in; `None` for keys this crate does not
    /// know (custom keys and later-version keys).
    pub fn of_reserved_key(key: &str) -> Option<Shard> {
        Some(match key {
            "br" | "d" | "ot" | "tb" => Shard::Object,
            "bl" | "dl" | "mtp" | "nor" | "nrr" | "su" => Shard::Request,
            "cid" | "pr" | "sf" | "sid" | "st" | "v" => Shard::Session,
            "bs" | "rtp" => Shard::Status,
            _ => return None,
        })
    }
}
