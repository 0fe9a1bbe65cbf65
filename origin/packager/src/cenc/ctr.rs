//! `cenc` (ISO/IEC 23001-7 §10.1): AES-128 CTR over the protected bytes of a sample.
//!
//! The 8-byte per-sample IV fills the counter block's high half, the low 64 bits are the block
//! counter starting at 0 (§9.2). The keystream runs on across the sample's subsamples: the
//! protected ranges are processed as one concatenated stream. Encryption and decryption are
//! the same operation ([`apply`]).

use aes::Aes128;
use aes::cipher::{Block, BlockCipherEncrypt, KeyInit};
use ottedge_cmaf::Subsample;

/// XORs the keystream into every protected byte of `sample`.
///
/// # Errors
/// The subsamples do not add up to the sample's length.
pub fn apply(
    key: &[u8; 16],
    iv: &[u8; 8],
    sample: &mut [u8],
    subsamples: &[Subsample],
) -> Result<(), String> {
    let total: usize = subsamples
        .iter()
        .map(|s| usize::from(s.clear_bytes) + s.protected_bytes as usize)
        .sum();
    if total != sample.len() {
        return Err(format!(
            "subsamples cover {total} bytes, the sample has {}",
            sample.len()
        ));
    }
    let aes = Aes128::new(&(*key).into());
    let mut counter: u64 = 0;
    let mut stream = [0u8; 16];
    let mut used = 16usize;
    let mut at = 0usize;
    for s in subsamples {
        at += usize::from(s.clear_bytes);
        let end = at + s.protected_bytes as usize;
        for byte in sample.get_mut(at..end).unwrap_or_default() {
            if used == 16 {
                let mut block = [0u8; 16];
                block[..8].copy_from_slice(iv);
                block[8..].copy_from_slice(&counter.to_be_bytes());
                let mut block: Block<Aes128> = block.into();
                aes.encrypt_block(&mut block);
                stream.copy_from_slice(&block);
                counter = counter.wrapping_add(1);
                used = 0;
            }
            if let Some(k) = stream.get(used) {
                *byte ^= k;
            }
            used += 1;
        }
        at = end;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keystream_continues_across_subsamples() {
        let key = [3u8; 16];
        let iv = [4u8; 8];
        let mut whole = vec![0u8; 48];
        apply(
            &key,
            &iv,
            &mut whole,
            &[Subsample {
                clear_bytes: 0,
                protected_bytes: 48,
            }],
        )
        .unwrap();
        let mut split = vec![0u8; 5 + 16 + 7 + 32];
        let subs = [
            Subsample {
                clear_bytes: 5,
                protected_bytes: 16,
            },
            Subsample {
                clear_bytes: 7,
                protected_bytes: 32,
            },
        ];
        apply(&key, &iv, &mut split, &subs).unwrap();
        assert_eq!(&split[5..21], &whole[..16]);
        assert_eq!(&split[28..], &whole[16..]);
        assert_eq!(&split[..5], &[0; 5]);
        apply(&key, &iv, &mut split, &subs).unwrap();
        assert!(split.iter().all(|b| *b == 0));
    }
}
