//! CPIX 2.3 (DASH-IF Content Protection Information Exchange, v2.3) export and import.
//!
//! Written: `cpix:CPIX@contentId` (no `@version`: the DASH-IF CPIX schema,
//! `XmlSchema/cpix.xsd`, declares none, and the exported document must validate) → `ContentKeyList/ContentKey@kid
//! @commonEncryptionScheme` with `Data/pskc:Secret/pskc:PlainValue` (base64, CPIX §5.3.2 and
//! RFC 6030 §6.1), `DRMSystemList/DRMSystem@kid@systemId` for the W3C ClearKey system ids
//! (DASH-IF `e2719d58-…` and W3C common `1077efec-…`), and for rotated keys
//! `ContentKeyPeriodList/ContentKeyPeriod@id@index` plus `ContentKeyUsageRuleList/
//! ContentKeyUsageRule@kid/KeyPeriodFilter@periodId` (CPIX §5.3.4, §5.3.5). Children follow
//! the XSD's sequence order. Keys are plain values: CPIX documents must travel over an
//! authenticated, encrypted channel (CPIX §4.1); `EncryptedValue` (document-key wrapping) is
//! refused on import as unsupported.
//!
//! Read: any namespace prefix (elements are matched by local name), unknown elements skipped.

use std::collections::HashMap;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::kid::{ContentKey, Kid, parse_b64_16};
use crate::store::StoredKey;

/// CPIX namespace.
pub const CPIX_NS: &str = "urn:dashif:org:cpix";
/// PSKC namespace (RFC 6030).
pub const PSKC_NS: &str = "urn:ietf:params:xml:ns:keyprov:pskc";
/// DASH-IF ClearKey system id (DASH-IF IOP §7.6.2.4).
pub const CLEARKEY_DASHIF_SYSTEM_ID: &str = "e2719d58-a985-b3c9-781a-b030af78d30e";
/// W3C common PSSH system id (EME "cenc" init data), used by ClearKey CDMs.
pub const W3C_COMMON_SYSTEM_ID: &str = "1077efec-c0b2-4d02-ace3-3c1e52e2fb4b";

/// Most elements accepted in one document.
const MAX_ELEMENTS: usize = 100_000;
/// Deepest nesting accepted.
const MAX_DEPTH: usize = 32;

/// A parsed CPIX document: the content id and its keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CpixDocument {
    /// `CPIX@contentId` (our asset id), if present.
    pub content_id: Option<String>,
    /// Keys in document order, each with its period index when a usage rule names one.
    pub keys: Vec<CpixKey>,
}

/// One `ContentKey`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CpixKey {
    /// KID and key.
    pub key: ContentKey,
    /// `commonEncryptionScheme` (`cbcs`, `cenc`, …), if present.
    pub scheme: Option<String>,
    /// `ContentKeyPeriod@index` of the period a usage rule ties this key to.
    pub period: Option<u64>,
}

/// CPIX parse failures, with the byte offset or element.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CpixError {
    /// Not well-formed XML.
    #[error("XML at byte {offset}: {reason}")]
    Xml {
        /// Byte offset.
        offset: u64,
        /// Parser message.
        reason: String,
    },
    /// The root is not `CPIX`.
    #[error("root element is {0:?}, expected CPIX")]
    NotCpix(String),
    /// A required attribute or child is missing or malformed.
    #[error("{element} at byte {offset}: {reason}")]
    Invalid {
        /// Element local name.
        element: &'static str,
        /// Byte offset of the element.
        offset: u64,
        /// What was wrong.
        reason: String,
    },
    /// A valid construct this implementation does not handle.
    #[error("{element} at byte {offset}: unsupported: {reason}")]
    Unsupported {
        /// Element local name.
        element: &'static str,
        /// Byte offset.
        offset: u64,
        /// What.
        reason: &'static str,
    },
    /// Too many or too deeply nested elements.
    #[error("document exceeds {0}")]
    Limit(&'static str),
}

/// Writes the CPIX 2.3 document for `asset`'s `keys` (`scheme`: `cbcs` or `cenc`, written
/// as `commonEncryptionScheme`).
pub fn export(asset: &str, keys: &[StoredKey], scheme: Option<&str>) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail; the results are ignored for that reason.
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let root = BytesStart::new("cpix:CPIX").with_attributes([
        ("xmlns:cpix", CPIX_NS),
        ("xmlns:pskc", PSKC_NS),
        ("contentId", asset),
    ]);
    let _ = w.write_event(Event::Start(root));

    let _ = w.write_event(Event::Start(BytesStart::new("cpix:ContentKeyList")));
    for k in keys {
        let uuid = k.key.kid.to_uuid();
        let mut ck = BytesStart::new("cpix:ContentKey").with_attributes([("kid", uuid.as_str())]);
        if let Some(s) = scheme {
            ck.push_attribute(("commonEncryptionScheme", s));
        }
        let _ = w.write_event(Event::Start(ck));
        let _ = w.write_event(Event::Start(BytesStart::new("cpix:Data")));
        let _ = w.write_event(Event::Start(BytesStart::new("pskc:Secret")));
        let _ = w.write_event(Event::Start(BytesStart::new("pskc:PlainValue")));
        let _ = w.write_event(Event::Text(BytesText::new(&k.key.key_base64())));
        let _ = w.write_event(Event::End(BytesEnd::new("pskc:PlainValue")));
        let _ = w.write_event(Event::End(BytesEnd::new("pskc:Secret")));
        let _ = w.write_event(Event::End(BytesEnd::new("cpix:Data")));
        let _ = w.write_event(Event::End(BytesEnd::new("cpix:ContentKey")));
    }
    let _ = w.write_event(Event::End(BytesEnd::new("cpix:ContentKeyList")));

    let _ = w.write_event(Event::Start(BytesStart::new("cpix:DRMSystemList")));
    for k in keys {
        let uuid = k.key.kid.to_uuid();
        for system in [CLEARKEY_DASHIF_SYSTEM_ID, W3C_COMMON_SYSTEM_ID] {
            let e = BytesStart::new("cpix:DRMSystem")
                .with_attributes([("kid", uuid.as_str()), ("systemId", system)]);
            let _ = w.write_event(Event::Empty(e));
        }
    }
    let _ = w.write_event(Event::End(BytesEnd::new("cpix:DRMSystemList")));

    let mut periods: Vec<u64> = keys.iter().filter_map(|k| k.period).collect();
    periods.sort_unstable();
    periods.dedup();
    if !periods.is_empty() {
        let _ = w.write_event(Event::Start(BytesStart::new("cpix:ContentKeyPeriodList")));
        for p in &periods {
            let id = period_id(*p);
            let index = p.to_string();
            let e = BytesStart::new("cpix:ContentKeyPeriod")
                .with_attributes([("id", id.as_str()), ("index", index.as_str())]);
            let _ = w.write_event(Event::Empty(e));
        }
        let _ = w.write_event(Event::End(BytesEnd::new("cpix:ContentKeyPeriodList")));
        let _ = w.write_event(Event::Start(BytesStart::new(
            "cpix:ContentKeyUsageRuleList",
        )));
        for k in keys {
            let Some(p) = k.period else { continue };
            let uuid = k.key.kid.to_uuid();
            let rule = BytesStart::new("cpix:ContentKeyUsageRule")
                .with_attributes([("kid", uuid.as_str())]);
            let _ = w.write_event(Event::Start(rule));
            let id = period_id(p);
            let filter = BytesStart::new("cpix:KeyPeriodFilter")
                .with_attributes([("periodId", id.as_str())]);
            let _ = w.write_event(Event::Empty(filter));
            let _ = w.write_event(Event::End(BytesEnd::new("cpix:ContentKeyUsageRule")));
        }
        let _ = w.write_event(Event::End(BytesEnd::new("cpix:ContentKeyUsageRuleList")));
    }
    let _ = w.write_event(Event::End(BytesEnd::new("cpix:CPIX")));
    let mut text = String::from_utf8(w.into_inner()).unwrap_or_default();
    text.push('\n');
    text
}

fn period_id(p: u64) -> String {
    format!("period-{p}")
}

/// Reads a CPIX document (any prefix; 2.x).
pub fn import(xml: &str) -> Result<CpixDocument, CpixError> {
    let root = parse_tree(xml)?;
    if root.name != "CPIX" {
        return Err(CpixError::NotCpix(root.name));
    }
    let content_id = root.attr("contentId").map(str::to_owned);
    let mut keys = Vec::new();
    for list in root.children_named("ContentKeyList") {
        for ck in list.children_named("ContentKey") {
            keys.push(content_key(ck)?);
        }
    }
    // Period index by id, then the period of each KID from its usage rules.
    let mut period_index: HashMap<&str, u64> = HashMap::new();
    for list in root.children_named("ContentKeyPeriodList") {
        for p in list.children_named("ContentKeyPeriod") {
            let id = p
                .attr("id")
                .ok_or_else(|| invalid(p, "ContentKeyPeriod", "no @id"))?;
            if let Some(index) = p.attr("index") {
                let index = index
                    .trim()
                    .parse()
                    .map_err(|_| invalid(p, "ContentKeyPeriod", "@index is not an integer"))?;
                period_index.insert(id, index);
            }
        }
    }
    for list in root.children_named("ContentKeyUsageRuleList") {
        for rule in list.children_named("ContentKeyUsageRule") {
            let kid = rule
                .attr("kid")
                .ok_or_else(|| invalid(rule, "ContentKeyUsageRule", "no @kid"))
                .and_then(|k| {
                    Kid::from_hex(k)
                        .map_err(|e| invalid(rule, "ContentKeyUsageRule", &e.to_string()))
                })?;
            for filter in rule.children_named("KeyPeriodFilter") {
                let index = filter.attr("periodId").and_then(|id| period_index.get(id));
                if let (Some(index), Some(k)) = (index, keys.iter_mut().find(|k| k.key.kid == kid))
                {
                    k.period = Some(*index);
                }
            }
        }
    }
    Ok(CpixDocument { content_id, keys })
}

fn content_key(ck: &Node) -> Result<CpixKey, CpixError> {
    let kid = ck
        .attr("kid")
        .ok_or_else(|| invalid(ck, "ContentKey", "no @kid"))
        .and_then(|k| Kid::from_hex(k).map_err(|e| invalid(ck, "ContentKey", &e.to_string())))?;
    let secret = ck
        .children_named("Data")
        .flat_map(|d| d.children_named("Secret"))
        .next()
        .ok_or_else(|| {
            invalid(
                ck,
                "ContentKey",
                "no Data/Secret (key-less entries are not imported)",
            )
        })?;
    if let Some(enc) = secret.children_named("EncryptedValue").next() {
        return Err(CpixError::Unsupported {
            element: "EncryptedValue",
            offset: enc.offset,
            reason: "encrypted keys (document key wrapping); export them as PlainValue",
        });
    }
    let plain = secret
        .children_named("PlainValue")
        .next()
        .ok_or_else(|| invalid(secret, "Secret", "no PlainValue"))?;
    let key = parse_b64_16(&plain.text, "PlainValue")
        .map_err(|e| invalid(plain, "PlainValue", &e.to_string()))?;
    Ok(CpixKey {
        key: ContentKey { kid, key },
        scheme: ck.attr("commonEncryptionScheme").map(str::to_owned),
        period: None,
    })
}

/// A parsed element (local names, unescaped attributes and text; see `ottedge-xml`).
type Node = ottedge_xml::Element;

/// A CPIX element that is missing something or malformed.
fn invalid(node: &Node, element: &'static str, reason: &str) -> CpixError {
    CpixError::Invalid {
        element,
        offset: node.offset,
        reason: reason.chars().take(200).collect(),
    }
}

fn parse_tree(xml: &str) -> Result<Node, CpixError> {
    let limits = ottedge_xml::Limits {
        max_elements: MAX_ELEMENTS,
        max_depth: MAX_DEPTH,
    };
    ottedge_xml::parse(xml, limits).map_err(|e| match e {
        ottedge_xml::Error::TooManyElements { .. } => CpixError::Limit("100000 elements"),
        ottedge_xml::Error::TooDeep { .. } => CpixError::Limit("32 levels of nesting"),
        ottedge_xml::Error::Syntax { offset, reason } => CpixError::Xml { offset, reason },
        other => CpixError::Xml {
            offset: other.offset(),
            reason: other.to_string(),
        },
    })
}
