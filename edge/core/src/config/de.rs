//! A strict serde [`Deserializer`] over a parsed [`Value`] that knows where it is: every error
//! carries the JSON pointer (RFC 6901) of the member it is about, and [`from_value`] recovers
//! from each structural error by leaving that member (or array element) out and trying again,
//! so independent mistakes are all listed in one pass.
//!
//! Why not `serde_json::from_value` (with `serde_path_to_error` for the paths): serde's
//! `Value` deserializer accepts a struct written as an array (`"url_signing": []` would be a
//! valid [`super::UrlSigningConfig`]) and `null` for an optional member, both of which the
//! schema rejects, and its errors are text only, while recovery needs to know which member
//! failed and how (a missing member is a consequence of a left-out one, not a new mistake).

use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, Expected, MapAccess, SeqAccess,
    Unexpected, Visitor,
};
use serde_json::Value;

use super::{ConfigError, child};

/// Structural errors listed before giving up (each costs one more pass over the document).
const MAX_STRUCTURAL: usize = 64;

/// Where a node is: a chain up to the root, turned into a pointer only when needed.
enum Path<'a> {
    Root,
    Member(&'a Path<'a>, &'a str),
    Element(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn pointer(&self) -> String {
        match self {
            Path::Root => String::new(),
            Path::Member(parent, name) => child(&parent.pointer(), name),
            Path::Element(parent, i) => format!("{}/{i}", parent.pointer()),
        }
    }
}

/// What recovery left out or stood in; maps the semantic validator's pointers (over the
/// typed, recovered document) back to the document as written.
#[derive(Default)]
pub(super) struct Recovery {
    /// Object members left out.
    members: Vec<String>,
    /// Array elements left out: (array pointer, index).
    elements: Vec<(String, usize)>,
    /// Root members replaced by stand-ins.
    stand_ins: Vec<String>,
}

impl Recovery {
    fn skips_member(&self, object: &Path<'_>, name: &str) -> bool {
        !self.members.is_empty() && self.members.contains(&child(&object.pointer(), name))
    }

    fn skips_element(&self, array: &Path<'_>, index: usize) -> bool {
        if self.elements.is_empty() {
            return false;
        }
        let pointer = array.pointer();
        self.elements
            .iter()
            .any(|(a, i)| *i == index && *a == pointer)
    }

    /// `pointer` into the recovered document as a pointer into the document as written, or
    /// `None` when it is inside a stand-in (a problem of the stand-in, not of the document).
    pub(super) fn locate(&self, pointer: &str) -> Option<String> {
        if self.stand_ins.iter().any(|s| is_within(pointer, s)) {
            return None;
        }
        if self.elements.is_empty() {
            return Some(pointer.to_owned());
        }
        let mut out = String::new();
        for segment in pointer.split('/').skip(1) {
            let left_out = |i: &usize| self.elements.iter().any(|(a, j)| j == i && *a == out);
            let original = match segment.parse::<usize>() {
                // The index-th element that was kept.
                Ok(index) if self.elements.iter().any(|(a, _)| *a == out) => (0..)
                    .filter(|i| !left_out(i))
                    .nth(index)
                    .map(|i| i.to_string()),
                _ => None,
            };
            out.push('/');
            out.push_str(original.as_deref().unwrap_or(segment));
        }
        Some(out)
    }
}

/// `pointer` is `at` or inside it.
fn is_within(pointer: &str, at: &str) -> bool {
    pointer
        .strip_prefix(at)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Deserializes `value` as `T`, pushing every structural problem onto `errors`. A broken
/// member is left out and the document read again, until it reads or the root itself fails;
/// a missing or broken root member is replaced by `stand_in(name)` when it gives one, so the
/// rest can still be read (and validated).
pub(super) fn from_value<T: DeserializeOwned>(
    mut value: Value,
    stand_in: impl Fn(&str) -> Option<Value>,
    errors: &mut Vec<ConfigError>,
) -> (Option<T>, Recovery) {
    let mut recovery = Recovery::default();
    for _ in 0..MAX_STRUCTURAL {
        let root = Node {
            value: &value,
            path: &Path::Root,
            recovery: &recovery,
        };
        let error = match T::deserialize(root) {
            Ok(t) => return (Some(t), recovery),
            Err(e) => e,
        };
        let Inner { at, kind } = *error.0;
        let (pointer, element) = at.unwrap_or_default();
        let consequence = matches!(kind, Kind::Missing(name)
            if recovery.members.contains(&child(&pointer, name)));
        if !consequence {
            errors.push(ConfigError {
                pointer: pointer.clone(),
                reason: kind.reason(),
            });
        }
        if !pointer.is_empty() {
            match element {
                Some(element) => recovery.elements.push(element),
                None => recovery.members.push(pointer),
            }
            continue;
        }
        let Kind::Missing(name) = kind else {
            return (None, recovery);
        };
        let at = child("", name);
        let (Some(stand_in), Value::Object(root)) = (stand_in(name), &mut value) else {
            return (None, recovery);
        };
        if recovery.stand_ins.contains(&at) {
            return (None, recovery);
        }
        recovery.members.retain(|m| !is_within(m, &at));
        recovery.elements.retain(|(a, _)| !is_within(a, &at));
        root.insert(name.to_owned(), stand_in);
        recovery.stand_ins.push(at);
    }
    errors.push(ConfigError {
        pointer: String::new(),
        reason: format!("more than {MAX_STRUCTURAL} structural errors; fix these first"),
    });
    (None, recovery)
}

/// A structural error: what, and (once known) where. Boxed, as serde_json's: every `Result`
/// of the deserializer carries it, and a thin one keeps the Wasm code small.
#[derive(Debug)]
pub(super) struct Error(Box<Inner>);

#[derive(Debug)]
struct Inner {
    /// Pointer, and (array pointer, index) when the node is an array element.
    at: Option<(String, Option<(String, usize)>)>,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Missing(&'static str),
    Unknown,
    Reason(String),
}

impl Kind {
    fn reason(&self) -> String {
        match self {
            Kind::Missing(name) => format!("missing required member {name:?}"),
            Kind::Unknown => "unknown member".into(),
            Kind::Reason(r) => r.clone(),
        }
    }
}

impl Error {
    #[cold]
    #[inline(never)]
    fn new(kind: Kind) -> Self {
        Self(Box::new(Inner { at: None, kind }))
    }

    fn reason(reason: String) -> Self {
        Self::new(Kind::Reason(reason))
    }

    /// Places the error at `path` unless a deeper node already did.
    #[inline(never)]
    fn at(mut self, path: &Path<'_>) -> Self {
        if self.0.at.is_none() {
            let element = match path {
                Path::Element(array, i) => Some((array.pointer(), *i)),
                _ => None,
            };
            self.0.at = Some((path.pointer(), element));
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.kind.reason())
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::reason(msg.to_string())
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Self::reason(must_be(unexpected, expected))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Self::reason(must_be(unexpected, expected))
    }

    fn unknown_variant(_: &str, expected: &'static [&'static str]) -> Self {
        let quoted: Vec<String> = expected.iter().map(|v| format!("{v:?}")).collect();
        let list = match quoted.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => "nothing".into(),
        };
        Self::reason(format!("must be {list}"))
    }

    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Self::new(Kind::Unknown)
    }

    fn missing_field(field: &'static str) -> Self {
        Self::new(Kind::Missing(field))
    }
}

/// "must be …" in the schema's words (object, array, non-negative integer) rather than
/// serde's (map, sequence, u64).
fn must_be(unexpected: Unexpected<'_>, expected: &dyn Expected) -> String {
    let expected = expected.to_string();
    let what = match expected.as_str() {
        "u8" | "u16" | "u32" | "u64" if matches!(unexpected, Unexpected::Unsigned(_)) => {
            return "too large".into();
        }
        "u8" | "u16" | "u32" | "u64" => "a non-negative integer",
        "a sequence" => "an array",
        "a map" => "an object",
        e if e.starts_with("struct ") => "an object",
        e if e.starts_with("enum ") => "a string",
        e => e,
    };
    format!("must be {what}")
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            (None, None) => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// One node of the document being read.
struct Node<'v, 'p> {
    value: &'v Value,
    path: &'p Path<'p>,
    recovery: &'p Recovery,
}

impl<'de> Deserializer<'de> for Node<'de, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let path = self.path;
        let result = match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (None, Some(i)) => visitor.visit_i64(i),
                (None, None) => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(_) => return self.deserialize_seq(visitor),
            Value::Object(_) => return self.deserialize_map(visitor),
        };
        result.map_err(|e: Error| e.at(path))
    }

    /// A member that is present is `Some`, even `null`: the schema has no nullable member.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let path = self.path;
        visitor.visit_some(self).map_err(|e| e.at(path))
    }

    /// Structs are JSON objects only (serde would also take an array of the fields).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (path, recovery) = (self.path, self.recovery);
        let result = match self.value {
            Value::Object(map) => visitor.visit_map(Map {
                members: map.iter(),
                pending: None,
                path,
                recovery,
            }),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        };
        result.map_err(|e: Error| e.at(path))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (path, recovery) = (self.path, self.recovery);
        let result = match self.value {
            Value::Array(items) => visitor.visit_seq(Seq {
                items: items.iter().enumerate(),
                path,
                recovery,
            }),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        };
        result.map_err(|e: Error| e.at(path))
    }

    /// Enums are unit variants written as strings (`"vod"`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let result = match self.value {
            Value::String(s) => visitor.visit_enum(BorrowedStrDeserializer::new(s)),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        };
        result.map_err(|e: Error| e.at(self.path))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let path = self.path;
        visitor.visit_newtype_struct(self).map_err(|e| e.at(path))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct tuple tuple_struct identifier
    }
}

struct Seq<'v, 'p> {
    items: std::iter::Enumerate<std::slice::Iter<'v, Value>>,
    path: &'p Path<'p>,
    recovery: &'p Recovery,
}

impl<'de> SeqAccess<'de> for Seq<'de, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some((i, value)) = self.next_kept() else {
            return Ok(None);
        };
        let path = Path::Element(self.path, i);
        seed.deserialize(Node {
            value,
            path: &path,
            recovery: self.recovery,
        })
        .map(Some)
    }
}

impl<'v> Seq<'v, '_> {
    /// The next element recovery did not leave out (not generic: one copy for every type).
    #[inline(never)]
    fn next_kept(&mut self) -> Option<(usize, &'v Value)> {
        let (path, recovery) = (self.path, self.recovery);
        self.items.find(|(i, _)| !recovery.skips_element(path, *i))
    }
}

struct Map<'v, 'p> {
    members: serde_json::map::Iter<'v>,
    pending: Option<(&'v str, &'v Value)>,
    path: &'p Path<'p>,
    recovery: &'p Recovery,
}

impl<'de> MapAccess<'de> for Map<'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(name) = self.next_kept() else {
            return Ok(None);
        };
        seed.deserialize(BorrowedStrDeserializer::new(name))
            .map(Some)
            .map_err(|e: Error| e.at(&Path::Member(self.path, name)))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        // serde asks for a value only after a key; `pending` is always set here.
        let Some((name, value)) = self.pending.take() else {
            return Err(Error::reason("value without a member name".into()));
        };
        let path = Path::Member(self.path, name);
        seed.deserialize(Node {
            value,
            path: &path,
            recovery: self.recovery,
        })
    }
}

impl<'v> Map<'v, '_> {
    /// Moves to the next member recovery did not leave out and returns its name (not
    /// generic: one copy for every type).
    #[inline(never)]
    fn next_kept(&mut self) -> Option<&'v str> {
        let (path, recovery) = (self.path, self.recovery);
        let (name, value) = self
            .members
            .find(|(k, _)| !recovery.skips_member(path, k))?;
        self.pending = Some((name.as_str(), value));
        Some(name)
    }
}
