//! The validator shared by both manifest kinds. It walks the JSON value rather than the typed
//! form so that it can report *every* problem, including wrong JSON types, with a pointer.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::problem::{Pointer, Problem};

/// Most entries accepted in a priority list or the clone list.
pub const MAX_LIST_ENTRIES: usize = 1024;

/// Which rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// draft-pantos-hls-rfc8216bis §7: `PATHWAY-PRIORITY`, pathway-ID grammar.
    Hls,
    /// ETSI TS 103 998 / DASH-IF CTS: `PATHWAY-PRIORITY` or the draft's
    /// `SERVICE-LOCATION-PRIORITY`; ids are `@serviceLocation` strings.
    Dash,
}

/// draft-pantos-hls-rfc8216bis §4.4.6.1 (PATHWAY-ID): only `[a-z]`, `[A-Z]`, `[0-9]`, `.`,
/// `-` and `_`.
pub fn is_pathway_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_'))
}

pub(crate) fn validate(root: &Value, flavor: Flavor, known_pathways: &[&str]) -> Vec<Problem> {
    let mut v = Validator {
        flavor,
        problems: Vec::new(),
    };
    let top = Pointer::default();
    let Some(obj) = root.as_object() else {
        v.report(&top, "a steering manifest must be a JSON object");
        return v.problems;
    };
    v.version(obj, &top);
    v.ttl(obj, &top);
    if let Some(uri) = obj.get("RELOAD-URI") {
        v.non_empty_string(
            uri,
            &top.join("RELOAD-URI"),
            "RELOAD-URI must be a non-empty URI string",
        );
    }
    let mut pathways: BTreeSet<String> = known_pathways.iter().map(|s| (*s).to_owned()).collect();
    let priority = v.priorities(obj, &top);
    pathways.extend(priority);
    if let Some(clones) = obj.get("PATHWAY-CLONES") {
        v.clones(
            clones,
            &top.join("PATHWAY-CLONES"),
            &mut pathways,
            known_pathways,
        );
    }
    v.problems
}

struct Validator {
    flavor: Flavor,
    problems: Vec<Problem>,
}

impl Validator {
    fn report(&mut self, at: &Pointer, reason: impl Into<String>) {
        self.problems.push(Problem::new(at, reason));
    }

    fn version(&mut self, obj: &Map<String, Value>, top: &Pointer) {
        let at = top.join("VERSION");
        match obj.get("VERSION") {
            None => self.report(&at, "VERSION is required"),
            Some(Value::Number(n)) if n.as_u64() == Some(1) => {}
            Some(Value::Number(_)) => {
                self.report(&at, "VERSION must be 1, the only version defined")
            }
            Some(_) => self.report(&at, "VERSION must be the number 1"),
        }
    }

    fn ttl(&mut self, obj: &Map<String, Value>, top: &Pointer) {
        let at = top.join("TTL");
        match obj.get("TTL") {
            None => self.report(&at, "TTL is required"),
            Some(Value::Number(n)) if n.as_u64().is_some() => {}
            Some(_) => self.report(&at, "TTL must be a non-negative integer number of seconds"),
        }
    }

    fn non_empty_string(&mut self, value: &Value, at: &Pointer, reason: &str) -> Option<String> {
        match value.as_str() {
            Some(s) if !s.is_empty() => Some(s.to_owned()),
            _ => {
                self.report(at, reason);
                None
            }
        }
    }

    /// Checks a pathway ID (HLS grammar) or service location (DASH: any non-empty string).
    fn id(&mut self, value: &Value, at: &Pointer, what: &str) -> Option<String> {
        let id = self.non_empty_string(value, at, &format!("{what} must be a non-empty string"))?;
        if self.flavor == Flavor::Hls && !is_pathway_id(&id) {
            self.report(
                at,
                format!("{what} `{id}` may only contain a-z, A-Z, 0-9, `.`, `-` and `_`"),
            );
        }
        Some(id)
    }

    /// The priority list(s); returns the pathway IDs they name.
    fn priorities(&mut self, obj: &Map<String, Value>, top: &Pointer) -> Vec<String> {
        let pathway = obj.get("PATHWAY-PRIORITY");
        let service = obj.get("SERVICE-LOCATION-PRIORITY");
        match self.flavor {
            Flavor::Hls => match pathway {
                Some(list) => self.priority(list, &top.join("PATHWAY-PRIORITY")),
                None => {
                    self.report(
                        &top.join("PATHWAY-PRIORITY"),
                        "PATHWAY-PRIORITY is required",
                    );
                    Vec::new()
                }
            },
            Flavor::Dash => match (pathway, service) {
                (None, None) => {
                    self.report(
                        top,
                        "PATHWAY-PRIORITY (ETSI TS 103 998) or SERVICE-LOCATION-PRIORITY (DASH-IF draft) is required",
                    );
                    Vec::new()
                }
                (Some(list), None) => self.priority(list, &top.join("PATHWAY-PRIORITY")),
                (None, Some(list)) => self.priority(list, &top.join("SERVICE-LOCATION-PRIORITY")),
                (Some(a), Some(b)) => {
                    let mut ids = self.priority(a, &top.join("PATHWAY-PRIORITY"));
                    let other = self.priority(b, &top.join("SERVICE-LOCATION-PRIORITY"));
                    if a != b {
                        self.report(
                            &top.join("SERVICE-LOCATION-PRIORITY"),
                            "differs from PATHWAY-PRIORITY; players read one or the other",
                        );
                    }
                    ids.extend(other);
                    ids
                }
            },
        }
    }

    fn priority(&mut self, list: &Value, at: &Pointer) -> Vec<String> {
        let Some(items) = list.as_array() else {
            self.report(at, "must be an array of pathway IDs");
            return Vec::new();
        };
        if items.is_empty() {
            self.report(at, "must list at least one pathway");
        }
        if items.len() > MAX_LIST_ENTRIES {
            self.report(at, format!("more than {MAX_LIST_ENTRIES} entries"));
            return Vec::new();
        }
        let mut seen: Vec<String> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_at = at.join(i);
            if let Some(id) = self.id(item, &item_at, "pathway ID") {
                if let Some(first) = seen.iter().position(|s| *s == id) {
                    self.report(
                        &item_at,
                        format!("duplicate of {}", at.join(first).as_str()),
                    );
                } else {
                    seen.push(id);
                }
            }
        }
        seen
    }

    fn clones(
        &mut self,
        clones: &Value,
        at: &Pointer,
        pathways: &mut BTreeSet<String>,
        known_pathways: &[&str],
    ) {
        let Some(items) = clones.as_array() else {
            self.report(at, "PATHWAY-CLONES must be an array of objects");
            return;
        };
        if items.len() > MAX_LIST_ENTRIES {
            self.report(at, format!("more than {MAX_LIST_ENTRIES} entries"));
            return;
        }
        let mut clone_ids: Vec<String> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_at = at.join(i);
            let Some(clone) = item.as_object() else {
                self.report(&item_at, "a pathway clone must be an object");
                continue;
            };
            let base = match clone.get("BASE-ID") {
                Some(v) => self.id(v, &item_at.join("BASE-ID"), "BASE-ID"),
                None => {
                    self.report(&item_at.join("BASE-ID"), "BASE-ID is required");
                    None
                }
            };
            let id = match clone.get("ID") {
                Some(v) => self.id(v, &item_at.join("ID"), "ID"),
                None => {
                    self.report(&item_at.join("ID"), "ID is required");
                    None
                }
            };
            if let Some(base) = &base
                && !pathways.contains(base)
                && !clone_ids.contains(base)
            {
                self.report(
                    &item_at.join("BASE-ID"),
                    format!(
                        "`{base}` is not a known pathway (not in the priority list, \
                         an earlier clone or the playlist)"
                    ),
                );
            }
            if let Some(id) = &id {
                if let Some(first) = clone_ids.iter().position(|c| c == id) {
                    self.report(
                        &item_at.join("ID"),
                        format!(
                            "duplicate clone ID, first used at {}",
                            at.join(first).join("ID").as_str()
                        ),
                    );
                } else if base.as_ref() == Some(id) {
                    self.report(
                        &item_at.join("ID"),
                        "a clone cannot have the ID of its base",
                    );
                } else if known_pathways.contains(&id.as_str()) {
                    self.report(
                        &item_at.join("ID"),
                        format!("`{id}` already names a pathway of the playlist"),
                    );
                }
                clone_ids.push(id.clone());
            }
            match clone.get("URI-REPLACEMENT") {
                Some(r) => self.uri_replacement(r, &item_at.join("URI-REPLACEMENT")),
                None => self.report(
                    &item_at.join("URI-REPLACEMENT"),
                    "URI-REPLACEMENT is required",
                ),
            }
        }
        pathways.extend(clone_ids);
    }

    fn uri_replacement(&mut self, value: &Value, at: &Pointer) {
        let Some(obj) = value.as_object() else {
            self.report(at, "URI-REPLACEMENT must be an object");
            return;
        };
        if let Some(host) = obj.get("HOST") {
            let host_at = at.join("HOST");
            let reason = "HOST must be a non-empty host name";
            if let Some(h) = self.non_empty_string(host, &host_at, reason)
                && h.contains(['/', '?', '#', '@', ' '])
            {
                self.report(
                    &host_at,
                    format!("HOST `{h}` must be a host name, not a URI"),
                );
            }
        }
        for key in ["PARAMS", "PER-VARIANT-URIS", "PER-RENDITION-URIS"] {
            if let Some(map) = obj.get(key) {
                self.string_map(map, &at.join(key), key);
            }
        }
    }

    fn string_map(&mut self, value: &Value, at: &Pointer, what: &str) {
        let Some(obj) = value.as_object() else {
            self.report(at, format!("{what} must be an object of strings"));
            return;
        };
        for (key, item) in obj {
            if !item.is_string() {
                self.report(&at.join(key), format!("{what} values must be strings"));
            }
        }
    }
}

/// Reads, validates and types a manifest: JSON errors first, then every problem, then the
/// typed form.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    text: &str,
    flavor: Flavor,
) -> Result<T, crate::SteeringError> {
    use crate::problem::MAX_MANIFEST_BYTES;
    if text.len() > MAX_MANIFEST_BYTES {
        return Err(crate::SteeringError::LimitExceeded {
            size: text.len(),
            limit: MAX_MANIFEST_BYTES,
        });
    }
    let value: Value = serde_json::from_str(text)?;
    let problems = validate(&value, flavor, &[]);
    if !problems.is_empty() {
        return Err(crate::SteeringError::Invalid(problems));
    }
    Ok(serde_json::from_value(value)?)
}

/// Validates a typed manifest through its JSON form.
pub(crate) fn validate_typed<T: serde::Serialize>(
    manifest: &T,
    flavor: Flavor,
    known_pathways: &[&str],
) -> Vec<Problem> {
    match serde_json::to_value(manifest) {
        Ok(value) => validate(&value, flavor, known_pathways),
        Err(err) => vec![Problem::new(&Pointer::default(), err.to_string())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pathway_id_grammar() {
        assert!(is_pathway_id("CDN-A.1_b"));
        assert!(!is_pathway_id(""));
        assert!(!is_pathway_id("CDN A"));
        assert!(!is_pathway_id("cdn/a"));
        assert!(!is_pathway_id("é"));
    }

    #[test]
    fn not_an_object() {
        let problems = validate(&serde_json::json!([1]), Flavor::Hls, &[]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].pointer, "");
    }
}
