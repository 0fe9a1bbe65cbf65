//! HLS steps (RFC 8216bis §4.4.6 multivariant tags, §7 content steering).

use ottedge_hls::{ContentSteering, ParseError, Playlist, TagName};

use super::{HlsStep, Personalization, Rendition, is_absolute, keep_mask, with_token};

/// Drops variants over the caps (the lowest is always kept).
pub struct FilterVariants;

impl HlsStep for FilterVariants {
    fn apply(&self, playlist: &mut Playlist, p: &Personalization<'_>) -> Result<(), ParseError> {
        if p.caps.is_empty() {
            return Ok(());
        }
        let renditions: Vec<Rendition> = playlist
            .variants()
            .iter()
            .map(|v| Rendition {
                height: v.stream_inf.resolution().ok().flatten().map(|r| r.height),
                bandwidth: v.stream_inf.bandwidth().ok().flatten(),
            })
            .collect();
        let mask = keep_mask(&renditions, &p.caps);
        playlist.retain_variants(|v| Ok(mask.get(v.index).copied().unwrap_or(true)))?;
        Ok(())
    }
}

/// Every relative URI gets the token, and with pathways the first pathway's base URL.
pub struct RebaseUris;

impl HlsStep for RebaseUris {
    fn apply(&self, playlist: &mut Playlist, p: &Personalization<'_>) -> Result<(), ParseError> {
        let first = p.pathways.first();
        playlist.rewrite_uris(|u| {
            if u.tag == Some(TagName::ContentSteering) || is_absolute(u.uri) {
                return None;
            }
            let signed = with_token(u.uri, p.token_query).unwrap_or_else(|| u.uri.to_owned());
            Some(match first {
                Some((_, base)) if !u.uri.starts_with('/') => {
                    format!("{base}{}{signed}", p.asset_path)
                }
                Some((_, base)) => format!("{base}{signed}"),
                None => signed,
            })
        })?;
        Ok(())
    }
}

/// With pathways: `PATHWAY-ID` on every variant, `EXT-X-CONTENT-STEERING`, and one copy of
/// the variants per further pathway.
pub struct Steering;

impl HlsStep for Steering {
    fn apply(&self, playlist: &mut Playlist, p: &Personalization<'_>) -> Result<(), ParseError> {
        let Some((first_id, first_base)) = p.pathways.first() else {
            return Ok(());
        };
        let lines: Vec<usize> = playlist
            .find(TagName::StreamInf)
            .chain(playlist.find(TagName::IFrameStreamInf))
            .collect();
        for line in lines {
            playlist.set_attr_quoted(line, "PATHWAY-ID", first_id)?;
        }
        playlist.set_content_steering(&ContentSteering::new(p.steering_uri, Some(first_id))?)?;
        for (id, base) in p.pathways.iter().skip(1) {
            playlist.add_pathway(Some(first_id), id, |uri| {
                uri.strip_prefix(first_base.as_str())
                    .map_or_else(|| uri.to_owned(), |rest| format!("{base}{rest}"))
            })?;
        }
        Ok(())
    }
}

/// Media playlists: the token on every relative URI except keys (those point at the license
/// service, authorized by the JWT).
pub struct SignMediaUris;

impl HlsStep for SignMediaUris {
    fn apply(&self, playlist: &mut Playlist, p: &Personalization<'_>) -> Result<(), ParseError> {
        playlist.rewrite_uris(|u| {
            if u.tag == Some(TagName::Key) {
                return None;
            }
            with_token(u.uri, p.token_query)
        })?;
        Ok(())
    }
}
