//! DASH steps (ISO/IEC 23009-1 §5.3.5 Representation, §5.6 BaseURL@serviceLocation; ETSI
//! TS 103 998 ContentSteering).

use ottedge_dash::{Error, Mpd, UrlField};

use super::{DashStep, Personalization, Rendition, keep_mask, with_token};

/// Drops video representations (those with a height) over the caps.
pub struct FilterRepresentations;

impl DashStep for FilterRepresentations {
    fn apply(&self, mpd: &mut Mpd, p: &Personalization<'_>) -> Result<(), Error> {
        if p.caps.is_empty() {
            return Ok(());
        }
        let mut renditions = Vec::new();
        for period in mpd.periods() {
            for set in period.adaptation_sets() {
                for r in set.representations() {
                    if let Ok(Some(h)) = r.height() {
                        renditions.push(Rendition {
                            height: Some(u64::from(h)),
                            bandwidth: r.bandwidth().ok().flatten(),
                        });
                    }
                }
            }
        }
        let mask = keep_mask(&renditions, &p.caps);
        let mut video_index = 0;
        mpd.retain_representations(|r| {
            if !matches!(r.height(), Ok(Some(_))) {
                return true;
            }
            let keep = mask.get(video_index).copied().unwrap_or(true);
            video_index += 1;
            keep
        });
        Ok(())
    }
}

/// The token on every segment URL (not on BaseURL, Location, PatchLocation).
pub struct SignSegmentUrls;

impl DashStep for SignSegmentUrls {
    fn apply(&self, mpd: &mut Mpd, p: &Personalization<'_>) -> Result<(), Error> {
        mpd.rewrite_urls(|field, url| match field {
            UrlField::BaseUrl | UrlField::Location | UrlField::PatchLocation => None,
            _ => with_token(url, p.token_query),
        });
        Ok(())
    }
}

/// With pathways: an MPD-level `BaseURL@serviceLocation` per CDN and `ContentSteering`.
pub struct DashSteering;

impl DashStep for DashSteering {
    fn apply(&self, mpd: &mut Mpd, p: &Personalization<'_>) -> Result<(), Error> {
        if let Some((first_id, _)) = p.pathways.first() {
            for (id, base) in p.pathways {
                mpd.add_base_url(&format!("{base}{}", p.asset_path), Some(id));
            }
            mpd.set_content_steering(p.steering_uri, Some(first_id), Some(true));
        }
        Ok(())
    }
}
