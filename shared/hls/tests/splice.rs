//! The spliced edits (attribute set, URI rewrite, variant removal, pathway copies) give exactly
//! what the attribute-list path gives: `AttrList::parse` → `set` → `write`, and line-by-line
//! `remove_line` / `insert_line`. Checked on hand-made odd attribute lists and on every playlist
//! of testdata/hls.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use ottedge_hls::{AttrList, LineKind, Playlist, WriteTag};

/// What `set_attr_quoted` / `set_attr` wrote before splicing: the tag line rebuilt from its
/// parsed, edited attribute list.
fn reference_set(
    line: &ottedge_hls::Line<'_>,
    name: &str,
    value: &str,
    quoted: bool,
) -> Result<String, String> {
    let mut attrs = AttrList::parse(line.tag_value().unwrap_or(""));
    if quoted {
        attrs.set_quoted(name, value).map_err(|e| e.to_string())?;
    } else {
        attrs.set(name, value);
    }
    let mut out = format!("#{}:", line.tag_name().unwrap());
    attrs.write(&mut out);
    Ok(out)
}

const LISTS: &[&str] = &[
    "",
    "BANDWIDTH=1",
    "BANDWIDTH=1,",
    "BANDWIDTH=1,,",
    "BANDWIDTH=1, ",
    " BANDWIDTH = 1 , PATHWAY-ID = \"a\" ",
    "PATHWAY-ID=\"a\",PATHWAY-ID=\"b\"",
    "CODECS=\"avc1,mp4a\",PATHWAY-ID=x",
    "\"PATHWAY-ID=a\",B=2",
    "NAME=\"a=b\",URI=\"u,v\"",
    "4,SpliceType=1",
    "=,=x,X=",
    "A=\"unterminated,B=2",
    "\u{a0}PATHWAY-ID\u{a0}=\u{2003}\"a\"\u{2003},B=\u{a0}",
    "A=1,\u{0b}",
    "a=1,pathway-id=\"x\"",
    ",",
    " ",
];

#[test]
fn attribute_sets_match_the_attr_list_path() {
    for list in LISTS {
        for head in ["#EXT-X-STREAM-INF:", "#EXT-X-STREAM-INF :", "#EXT-X-FOO:"] {
            let line = format!("{head}{list}");
            let text = format!("#EXTM3U\n{line}\n");
            for name in ["PATHWAY-ID", "B", "A", "", "4"] {
                for value in ["cdn-b", "", "has\"quote", "x,y"] {
                    let mut p = Playlist::parse(&text).unwrap();
                    let want = reference_set(p.line(1).unwrap(), name, value, true).ok();
                    let got = p
                        .set_attr_quoted(1, name, value)
                        .ok()
                        .map(|()| p.line(1).unwrap().text().to_owned());
                    assert_eq!(got, want, "{line:?} set_attr_quoted {name:?} {value:?}");
                    if value.contains([',', '"']) {
                        continue; // set_attr refuses unquoted commas; quotes are raw text here
                    }
                    let mut p = Playlist::parse(&text).unwrap();
                    let want = reference_set(p.line(1).unwrap(), name, value, false).unwrap();
                    p.set_attr(1, name, value).unwrap();
                    assert_eq!(
                        p.line(1).unwrap().text(),
                        want,
                        "{line:?} set_attr {name:?}"
                    );
                }
            }
        }
    }
    let mut p = Playlist::parse("#EXTM3U\nuri.m3u8\n").unwrap();
    assert!(p.set_attr_quoted(1, "A", "b").is_err(), "not a tag");
    assert!(p.set_attr_quoted(9, "A", "b").is_err(), "no such line");
}

#[test]
fn every_tag_of_the_test_playlists_takes_every_attribute_as_before() {
    for (file, text) in common::playlists() {
        let Ok(parsed) = Playlist::parse(&text) else {
            continue;
        };
        for (i, l) in parsed.lines().iter().enumerate() {
            if !matches!(l.kind(), LineKind::Tag(_)) {
                continue;
            }
            let list = l.tag_value().unwrap_or("");
            let mut names: Vec<String> = AttrList::parse(list)
                .iter()
                .map(|(n, _)| n.to_owned())
                .collect();
            names.push("PATHWAY-ID".into());
            for name in names {
                let mut p = parsed.clone();
                p.set_attr_quoted(i, &name, "cdn-b").unwrap();
                let want = reference_set(l, &name, "cdn-b", true).unwrap();
                assert_eq!(p.line(i).unwrap().text(), want, "{file} line {}", i + 1);
            }
        }
    }
}

#[test]
fn uris_and_their_rewrite_match_the_attr_list_path() {
    for (file, text) in common::playlists() {
        let Ok(mut p) = Playlist::parse(&text) else {
            continue;
        };
        let mut want = Vec::new();
        for (i, l) in p.lines().iter().enumerate() {
            match l.kind() {
                LineKind::Uri => want.push((i, l.text().trim().to_owned())),
                LineKind::Tag(t) => {
                    let attrs = AttrList::parse(l.tag_value().unwrap_or(""));
                    if let Some(v) = t.uri_attribute().and_then(|a| attrs.get(a)) {
                        want.push((i, v.unquoted().to_owned()));
                    }
                }
                _ => {}
            }
        }
        let got: Vec<(usize, String)> = p
            .uris()
            .iter()
            .map(|u| (u.line, u.uri.to_owned()))
            .collect();
        assert_eq!(got, want, "{file}");
        // Rewriting through the owned path equals set_uri one by one.
        let mut one_by_one = p.clone();
        for (line, uri) in &want {
            one_by_one.set_uri(*line, &format!("{uri}?t=1")).unwrap();
        }
        p.rewrite_uris(|u| Some(format!("{}?t=1", u.uri))).unwrap();
        assert_eq!(p, one_by_one, "{file}");
    }
}

/// Removes the variants `drop` picks one line at a time, last first (the old way).
fn reference_retain(p: &mut Playlist<'_>, drop: impl Fn(usize) -> bool) {
    let doomed: Vec<(usize, usize)> = p
        .variants()
        .iter()
        .filter(|v| drop(v.index))
        .map(|v| (v.line, v.uri_line.map_or(v.line + 1, |u| u + 1)))
        .collect();
    for (start, end) in doomed.into_iter().rev() {
        for i in (start..end).rev() {
            p.remove_line(i).unwrap();
        }
    }
}

/// Copies pathway `None` as `b` through the typed tags (the old way).
fn reference_add_pathway(p: &mut Playlist<'_>) {
    let mut entries: Vec<(usize, usize, String, Option<String>)> = Vec::new();
    for v in p.variants() {
        if v.stream_inf.pathway_id().unwrap().is_some() {
            continue;
        }
        let mut copy = v.stream_inf.into_owned();
        copy.set_pathway_id("b").unwrap();
        let uri = format!("https://b.example/{}", v.uri.unwrap());
        entries.push((v.line, v.uri_line.unwrap(), copy.to_tag_line(), Some(uri)));
    }
    for (line, tag) in p.i_frame_variants() {
        if tag.pathway_id().unwrap().is_some() {
            continue;
        }
        let uri = format!("https://b.example/{}", tag.uri().unwrap());
        let mut copy = tag.into_owned();
        copy.set_pathway_id("b").unwrap();
        copy.attrs_mut().set_quoted("URI", &uri).unwrap();
        entries.push((line, line, copy.to_tag_line(), None));
    }
    entries.sort_by_key(|e| e.0);
    let last_variant_line = p
        .variants()
        .iter()
        .map(|v| v.uri_line.unwrap_or(v.line))
        .chain(p.i_frame_variants().iter().map(|(l, _)| *l))
        .max();
    let mut at = last_variant_line.map_or(p.lines().len(), |l| l + 1);
    for (_, _, tag, uri) in entries {
        for text in std::iter::once(tag).chain(uri) {
            p.insert_line(at, text).unwrap();
            at += 1;
        }
    }
}

#[test]
fn variant_removal_and_pathway_copies_match_the_line_by_line_path() {
    for (file, text) in common::playlists() {
        let Ok(p) = Playlist::parse(&text) else {
            continue;
        };
        if p.variants().is_empty() {
            continue;
        }
        // With and without a final newline (the last line's terminator must follow the cut).
        let bare = text.trim_end_matches(['\r', '\n']);
        for text in [text.as_str(), bare] {
            let p = Playlist::parse(text).unwrap();
            for rule in [|i: usize| i % 2 == 1, |i: usize| i > 0, |_| true] {
                let mut want = p.clone();
                reference_retain(&mut want, rule);
                let mut got = p.clone();
                got.retain_variants(|v| Ok(!rule(v.index))).unwrap();
                assert_eq!(got.to_string(), want.to_string(), "{file}");
            }
            let plain = p.variants().iter().all(|v| v.uri.is_some())
                && p.variants()
                    .iter()
                    .all(|v| v.stream_inf.pathway_id().is_ok())
                && p.i_frame_variants().iter().all(|(_, t)| t.uri().is_ok());
            if plain {
                let mut want = p.clone();
                reference_add_pathway(&mut want);
                let mut got = p.clone();
                got.add_pathway(None, "b", |u| format!("https://b.example/{u}"))
                    .unwrap();
                assert_eq!(got.to_string(), want.to_string(), "{file}");
            }
        }
    }
}
