//! [`Cmcd`]: every CTA-5004 key typed, unknown keys kept, decoded from and encoded to the query
//! argument (CTA-5004 §2, query mode) and the four headers (CTA-5004 §2, header mode).

use std::collections::{BTreeMap, BTreeSet};

use crate::byte_range::ByteRange;
use crate::error::{CmcdError, Origin};
use crate::payload::{MAX_KEYS, Pair, decode_payload, encode_pair};
use crate::query::{QUERY_ARGUMENT, find_query_value, url_decode, url_encode};
use crate::shard::Shard;
use crate::token::{ObjectType, StreamType, StreamingFormat};
use crate::value::{Value, encode_string};

/// Longest `cid` CTA-5004 allows, in characters.
pub const MAX_CONTENT_ID_CHARS: usize = 64;

/// A key this crate has no typed field for (a custom `com.example-x` key, or a key of a later
/// CMCD version), with the header it travels in.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Custom {
    /// The value as sent.
    pub value: Value,
    /// The header it arrived in, and goes back out in. Keys decoded from the query argument
    /// are given [`Shard::Request`] (CTA-5004 §3 payload rule 5 leaves the choice to the sender).
    pub shard: Shard,
}

impl Custom {
    /// A custom value for the given header.
    pub fn new(value: Value, shard: Shard) -> Self {
        Custom { value, shard }
    }
}

impl serde::Serialize for Custom {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// Common Media Client Data of one request: every reserved key of the CTA-5004 §3 key table typed, other
/// keys kept in [`Cmcd::other`].
///
/// `None` means the key was not sent. The booleans `bs` and `su` are `Some(true)` when sent as
/// a bare key and `Some(false)` only when sent as `?0` (which CTA-5004 tells players not to
/// send). Values are kept exactly as sent: use [`Cmcd::conformance_problems`] for the rules
/// that do not affect decoding (`bl` rounded to 100 ms, `cid` at most 64 characters, …).
///
/// `Serialize` writes the keys under their CMCD names (for JSON log lines), custom keys
/// flattened next to them.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct Cmcd {
    /// Buffer length in milliseconds (rounded to 100 ms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bl: Option<u64>,
    /// Encoded bitrate of the requested object, kbps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub br: Option<u64>,
    /// Buffer starvation since the previous request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bs: Option<bool>,
    /// Content ID (at most 64 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cid: Option<String>,
    /// Object duration in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub d: Option<u64>,
    /// Deadline in milliseconds (rounded to 100 ms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dl: Option<u64>,
    /// Measured throughput in kbps (rounded to 100 kbps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mtp: Option<u64>,
    /// Next object request: a relative path, still URL-encoded as sent (see [`Cmcd::nor_path`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nor: Option<String>,
    /// Next range request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nrr: Option<ByteRange>,
    /// Object type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ot: Option<ObjectType>,
    /// Playback rate (1 = real time, 0 = not playing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pr: Option<f64>,
    /// Requested maximum throughput in kbps (rounded to 100 kbps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rtp: Option<u64>,
    /// Streaming format.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sf: Option<StreamingFormat>,
    /// Session ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Stream type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub st: Option<StreamType>,
    /// Startup: the object is needed urgently.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub su: Option<bool>,
    /// Top bitrate in kbps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tb: Option<u64>,
    /// CMCD version (absent means 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v: Option<u64>,
    /// Every other key, by name.
    #[serde(flatten)]
    pub other: BTreeMap<String, Custom>,
}

/// The result of a lenient decode: the data and every problem seen on the way.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Lenient {
    /// Everything that could be kept.
    pub cmcd: Cmcd,
    /// What was wrong, in input order.
    pub problems: Vec<CmcdError>,
}

impl Cmcd {
    /// Decodes the query form, strictly: the first problem is the error.
    ///
    /// `input` is a URL, a query string or the (URL-encoded) argument value alone; see
    /// [`find_query_value`](crate::find_query_value).
    pub fn from_query(input: &str) -> Result<Cmcd, CmcdError> {
        let mut builder = Builder::new(false);
        builder.add_query(input)?;
        Ok(builder.cmcd)
    }

    /// Decodes the query form, keeping whatever it can (see "Strict and lenient" in the crate
    /// docs). Fails only when there is no argument or a limit is exceeded.
    pub fn from_query_lenient(input: &str) -> Result<Lenient, CmcdError> {
        let mut builder = Builder::new(true);
        builder.add_query(input)?;
        Ok(builder.finish())
    }

    /// Decodes the `CMCD-*` headers among `headers` (names matched ignoring case, other headers
    /// skipped), strictly.
    pub fn from_headers<I, N, V>(headers: I) -> Result<Cmcd, CmcdError>
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<str>,
        V: AsRef<str>,
    {
        let mut builder = Builder::new(false);
        builder.add_headers(headers)?;
        Ok(builder.cmcd)
    }

    /// Decodes the `CMCD-*` headers among `headers`, keeping whatever it can.
    pub fn from_headers_lenient<I, N, V>(headers: I) -> Result<Lenient, CmcdError>
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<str>,
        V: AsRef<str>,
    {
        let mut builder = Builder::new(true);
        builder.add_headers(headers)?;
        Ok(builder.finish())
    }

    /// True when no key is set.
    pub fn is_empty(&self) -> bool {
        *self == Cmcd::default()
    }

    /// The payload as one text, keys in alphabetical order (CTA-5004 §3 payload rule 9), not
    /// URL-encoded: the form of a header value.
    pub fn to_payload(&self) -> String {
        join(self.encoded_pairs().into_iter().map(|(_, _, text)| text))
    }

    /// The URL-encoded payload, the value of the `CMCD=` argument (CTA-5004 §3 payload rule 10).
    pub fn to_query_value(&self) -> String {
        let mut out = String::new();
        url_encode(&self.to_payload(), &mut out);
        out
    }

    /// `CMCD=<value>`, ready to append to a query string.
    pub fn to_query(&self) -> String {
        format!("{QUERY_ARGUMENT}={}", self.to_query_value())
    }

    /// The non-empty headers in the order `CMCD-Object`, `CMCD-Request`, `CMCD-Session`,
    /// `CMCD-Status`, each with its keys in alphabetical order (CTA-5004 §2, header mode, §3 key table).
    pub fn to_headers(&self) -> Vec<(&'static str, String)> {
        let pairs = self.encoded_pairs();
        Shard::ALL
            .into_iter()
            .filter_map(|shard| {
                let texts = pairs
                    .iter()
                    .filter(|(_, s, _)| *s == shard)
                    .map(|(_, _, text)| text.clone());
                let value = join(texts);
                (!value.is_empty()).then_some((shard.header_name(), value))
            })
            .collect()
    }

    /// `nor` with its URL-encoding removed (`None` if absent or not decodable).
    pub fn nor_path(&self) -> Option<String> {
        url_decode(self.nor.as_deref()?, false).ok()
    }

    /// Rules of the CTA-5004 §3 key table that decoding does not enforce: `bl` and `dl` rounded to 100 ms,
    /// `mtp` and `rtp` to 100 kbps, `cid` at most 64 characters, and custom keys carrying a
    /// hyphenated prefix (CTA-5004 §3 payload rule 4).
    pub fn conformance_problems(&self) -> Vec<CmcdError> {
        let mut problems = Vec::new();
        let mut check = |key: &str, broken: bool, reason: &'static str| {
            if broken {
                problems.push(CmcdError::Nonconforming {
                    key: key.to_owned(),
                    reason,
                });
            }
        };
        let off_hundred = |v: Option<u64>| v.is_some_and(|v| v % 100 != 0);
        check(
            "bl",
            off_hundred(self.bl),
            "not rounded to the nearest 100 ms",
        );
        check(
            "dl",
            off_hundred(self.dl),
            "not rounded to the nearest 100 ms",
        );
        check(
            "mtp",
            off_hundred(self.mtp),
            "not rounded to the nearest 100 kbps",
        );
        check(
            "rtp",
            off_hundred(self.rtp),
            "not rounded to the nearest 100 kbps",
        );
        let long_cid = self
            .cid
            .as_ref()
            .is_some_and(|cid| cid.chars().count() > MAX_CONTENT_ID_CHARS);
        check("cid", long_cid, "longer than 64 characters");
        for key in self.other.keys() {
            check(
                key,
                !key.contains('-') && Shard::of_reserved_key(key).is_none(),
                "custom key without a hyphenated prefix (the name is reserved)",
            );
        }
        problems
    }

    /// Every set key as `(key, header, "key=value")`, sorted by key.
    fn encoded_pairs(&self) -> Vec<(&str, Shard, String)> {
        let mut out: Vec<(&str, Shard, String)> = Vec::new();
        let mut push = |key: &'static str, value: Option<String>| {
            if let (Some(text), Some(shard)) = (value, Shard::of_reserved_key(key)) {
                out.push((key, shard, text));
            }
        };
        let int = |key: &str, v: Option<u64>| v.map(|v| format!("{key}={v}"));
        let boolean = |key: &str, v: Option<bool>| {
            v.map(|b| {
                if b {
                    key.to_owned()
                } else {
                    format!("{key}=?0")
                }
            })
        };
        let string = |key: &str, v: Option<&String>| {
            v.map(|s| {
                let mut text = format!("{key}=");
                encode_string(s, &mut text);
                text
            })
        };
        let token = |key: &str, v: Option<&'static str>| v.map(|t| format!("{key}={t}"));
        push("bl", int("bl", self.bl));
        push("br", int("br", self.br));
        push("bs", boolean("bs", self.bs));
        push("cid", string("cid", self.cid.as_ref()));
        push("d", int("d", self.d));
        push("dl", int("dl", self.dl));
        push("mtp", int("mtp", self.mtp));
        push("nor", string("nor", self.nor.as_ref()));
        let nrr = self.nrr.map(|r| r.to_string());
        push("nrr", string("nrr", nrr.as_ref()));
        push("ot", token("ot", self.ot.map(ObjectType::as_token)));
        // Shortest round-trip form; an integral rate is written as an integer (`pr=1`),
        // which decodes to the same rate.
        let pr = self.pr.filter(|p| p.is_finite()).map(|p| format!("pr={p}"));
        push("pr", pr);
        push("rtp", int("rtp", self.rtp));
        push("sf", token("sf", self.sf.map(StreamingFormat::as_token)));
        push("sid", string("sid", self.sid.as_ref()));
        push("st", token("st", self.st.map(StreamType::as_token)));
        push("su", boolean("su", self.su));
        push("tb", int("tb", self.tb));
        push("v", int("v", self.v));
        for (key, custom) in &self.other {
            if self.has_typed(key) {
                continue; // the typed field wins; decoding never produces both
            }
            let mut text = String::new();
            encode_pair(key, &custom.value, &mut text);
            out.push((key.as_str(), custom.shard, text));
        }
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }

    /// Whether the typed field of a reserved key is set.
    fn has_typed(&self, key: &str) -> bool {
        match key {
            "bl" => self.bl.is_some(),
            "br" => self.br.is_some(),
            "bs" => self.bs.is_some(),
            "cid" => self.cid.is_some(),
            "d" => self.d.is_some(),
            "dl" => self.dl.is_some(),
            "mtp" => self.mtp.is_some(),
            "nor" => self.nor.is_some(),
            "nrr" => self.nrr.is_some(),
            "ot" => self.ot.is_some(),
            "pr" => self.pr.is_some(),
            "rtp" => self.rtp.is_some(),
            "sf" => self.sf.is_some(),
            "sid" => self.sid.is_some(),
            "st" => self.st.is_some(),
            "su" => self.su.is_some(),
            "tb" => self.tb.is_some(),
            "v" => self.v.is_some(),
            _ => false,
        }
    }

    /// Unsets a key, typed or not.
    fn clear(&mut self, key: &str) {
        self.other.remove(key);
        match key {
            "bl" => self.bl = None,
            "br" => self.br = None,
            "bs" => self.bs = None,
            "cid" => self.cid = None,
            "d" => self.d = None,
            "dl" => self.dl = None,
            "mtp" => self.mtp = None,
            "nor" => self.nor = None,
            "nrr" => self.nrr = None,
            "ot" => self.ot = None,
            "pr" => self.pr = None,
            "rtp" => self.rtp = None,
            "sf" => self.sf = None,
            "sid" => self.sid = None,
            "st" => self.st = None,
            "su" => self.su = None,
            "tb" => self.tb = None,
            "v" => self.v = None,
            _ => {}
        }
    }

    /// Sets a reserved key from its decoded value; gives the value back with the reason when
    /// its type is wrong, and for keys without a typed field.
    fn set_typed(&mut self, key: &str, value: Value) -> Result<(), (Value, Option<&'static str>)> {
        match key {
            "bl" => self.bl = Some(non_negative(value)?),
            "br" => self.br = Some(non_negative(value)?),
            "d" => self.d = Some(non_negative(value)?),
            "dl" => self.dl = Some(non_negative(value)?),
            "mtp" => self.mtp = Some(non_negative(value)?),
            "rtp" => self.rtp = Some(non_negative(value)?),
            "tb" => self.tb = Some(non_negative(value)?),
            "v" => self.v = Some(non_negative(value)?),
            "bs" => self.bs = Some(boolean(value)?),
            "su" => self.su = Some(boolean(value)?),
            "cid" => self.cid = Some(string(value)?),
            "sid" => self.sid = Some(string(value)?),
            "nor" => self.nor = Some(string(value)?),
            "nrr" => {
                let text = string(value)?;
                match ByteRange::parse(&text) {
                    Some(range) => self.nrr = Some(range),
                    None => {
                        return Err((
                            Value::String(text),
                            Some("expected \"<start>-<end>\", \"<start>-\" or \"-<suffix>\""),
                        ));
                    }
                }
            }
            "ot" => self.ot = Some(token(value, ObjectType::from_token, "unknown object type")?),
            "sf" => {
                self.sf = Some(token(
                    value,
                    StreamingFormat::from_token,
                    "unknown streaming format",
                )?);
            }
            "st" => self.st = Some(token(value, StreamType::from_token, "unknown stream type")?),
            "pr" => {
                self.pr = Some(match value {
                    Value::Decimal(d) => d,
                    // Integers of at most 15 digits convert to f64 exactly.
                    #[allow(clippy::cast_precision_loss)]
                    Value::Integer(i) => i as f64,
                    other => return Err((other, Some("expected a decimal number"))),
                });
            }
            _ => return Err((value, None)),
        }
        Ok(())
    }
}

fn non_negative(value: Value) -> Result<u64, (Value, Option<&'static str>)> {
    match value {
        Value::Integer(i) if i >= 0 => Ok(i.unsigned_abs()),
        other => Err((other, Some("expected a non-negative integer"))),
    }
}

fn boolean(value: Value) -> Result<bool, (Value, Option<&'static str>)> {
    match value {
        Value::Bool(b) => Ok(b),
        other => Err((
            other,
            Some("expected a boolean (the bare key, `?1` or `?0`)"),
        )),
    }
}

fn string(value: Value) -> Result<String, (Value, Option<&'static str>)> {
    match value {
        Value::String(s) => Ok(s),
        other => Err((other, Some("expected a quoted string"))),
    }
}

fn token<T>(
    value: Value,
    parse: fn(&str) -> Option<T>,
    unknown: &'static str,
) -> Result<T, (Value, Option<&'static str>)> {
    match value {
        Value::Token(t) => match parse(&t) {
            Some(known) => Ok(known),
            None => Err((Value::Token(t), Some(unknown))),
        },
        other => Err((other, Some("expected a token"))),
    }
}

fn join(texts: impl Iterator<Item = String>) -> String {
    let mut out = String::new();
    for (i, text) in texts.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&text);
    }
    out
}

/// Collects pairs from one or more payloads into a [`Cmcd`].
struct Builder {
    cmcd: Cmcd,
    seen: BTreeSet<String>,
    lenient: bool,
    problems: Vec<CmcdError>,
}

impl Builder {
    fn new(lenient: bool) -> Self {
        Builder {
            cmcd: Cmcd::default(),
            seen: BTreeSet::new(),
            lenient,
            problems: Vec::new(),
        }
    }

    fn finish(self) -> Lenient {
        Lenient {
            cmcd: self.cmcd,
            problems: self.problems,
        }
    }

    fn add_query(&mut self, input: &str) -> Result<(), CmcdError> {
        let encoded = find_query_value(input)?;
        let payload = url_decode(encoded, self.lenient)?;
        self.add_payload(&payload, Origin::Query, Shard::Request)
    }

    fn add_headers<I, N, V>(&mut self, headers: I) -> Result<(), CmcdError>
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<str>,
        V: AsRef<str>,
    {
        for (name, value) in headers {
            if let Some(shard) = Shard::from_header_name(name.as_ref()) {
                self.add_payload(value.as_ref(), Origin::Header(shard), shard)?;
            }
        }
        Ok(())
    }

    fn add_payload(&mut self, text: &str, origin: Origin, shard: Shard) -> Result<(), CmcdError> {
        let pairs = decode_payload(text, origin, self.lenient, &mut self.problems)?;
        for Pair { key, value } in pairs {
            self.add_pair(key, value, origin, shard)?;
        }
        Ok(())
    }

    fn add_pair(
        &mut self,
        key: String,
        value: Value,
        origin: Origin,
        shard: Shard,
    ) -> Result<(), CmcdError> {
        if self.seen.contains(&key) {
            let err = CmcdError::DuplicateKey {
                origin,
                key: key.clone(),
            };
            if !self.lenient {
                return Err(err);
            }
            // Later wins, as for a Structured Field dictionary (RFC 8941 §4.2.2).
            self.problems.push(err);
            self.cmcd.clear(&key);
        } else if self.seen.len() >= MAX_KEYS {
            return Err(CmcdError::LimitExceeded {
                what: "number of CMCD keys",
                limit: MAX_KEYS,
            });
        }
        match self.cmcd.set_typed(&key, value) {
            Ok(()) => {}
            Err((value, reason)) => {
                if let Some(reason) = reason {
                    let err = CmcdError::InvalidValue {
                        origin,
                        key: key.clone(),
                        reason,
                    };
                    if !self.lenient {
                        return Err(err);
                    }
                    self.problems.push(err);
                }
                let shard = Shard::of_reserved_key(&key).unwrap_or(shard);
                self.cmcd.other.insert(key.clone(), Custom { value, shard });
            }
        }
        self.seen.insert(key);
        Ok(())
    }
}
