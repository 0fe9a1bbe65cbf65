//! `cbcs` (ISO/IEC 23001-7 §10.4): AES-128 CBC with a crypt:skip pattern over 16-byte blocks.
//!
//! In each subsample's protected range, the first `crypt_byte_block` blocks are encrypted, the
//! next `skip_byte_block` blocks left clear, and so on (§9.6, §10.4.2; video uses 1:9). CBC
//! chains only across the encrypted blocks, and the chain restarts from the constant IV at
//! every subsample (§10.4.2). A trailing partial block (< 16 bytes) is never encrypted.

use aes::Aes128;
use aes::cipher::{Block, BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use ottedge_cmaf::Subsample;

/// The video pattern CMAF and HLS use: 1 encrypted block, 9 clear.
pub const PATTERN: (usize, usize) = (1, 9);

fn protected_ranges(
    len: usize,
    subsamples: &[Subsample],
) -> Result<Vec<core::ops::Range<usize>>, String> {
    let mut at = 0usize;
    let mut out = Vec::with_capacity(subsamples.len());
    for s in subsamples {
        at += usize::from(s.clear_bytes);
        let end = at + s.protected_bytes as usize;
        out.push(at..end);
        at = end;
    }
    if at != len {
        return Err(format!("subsamples cover {at} bytes, the sample has {len}"));
    }
    Ok(out)
}

/// Visits the pattern's encrypted blocks of one protected range, in order.
fn for_each_crypt_block(
    range: &mut [u8],
    (crypt, skip): (usize, usize),
    mut f: impl FnMut(&mut Block<Aes128>),
) {
    let period = (crypt + skip).max(1);
    for (i, chunk) in range.chunks_exact_mut(16).enumerate() {
        if i % period < crypt
            && let Ok(block) = <&mut Block<Aes128>>::try_from(chunk)
        {
            f(block);
        }
    }
}

#[derive(Clone, Copy)]
enum Direction {
    Encrypt,
    Decrypt,
}

/// Runs the pattern over every protected range, restarting CBC from the constant IV each time.
fn apply(
    direction: Direction,
    key: &[u8; 16],
    constant_iv: &[u8; 16],
    sample: &mut [u8],
    subsamples: &[Subsample],
) -> Result<(), String> {
    for range in protected_ranges(sample.len(), subsamples)? {
        let Some(bytes) = sample.get_mut(range) else {
            continue;
        };
        let (key, iv) = (&(*key).into(), &(*constant_iv).into());
        match direction {
            Direction::Encrypt => {
                let mut cbc = cbc::Encryptor::<Aes128>::new(key, iv);
                for_each_crypt_block(bytes, PATTERN, |b| cbc.encrypt_block(b));
            }
            Direction::Decrypt => {
                let mut cbc = cbc::Decryptor::<Aes128>::new(key, iv);
                for_each_crypt_block(bytes, PATTERN, |b| cbc.decrypt_block(b));
            }
        }
    }
    Ok(())
}

/// Encrypts `sample` in place with the 1:9 pattern.
///
/// # Errors
/// The subsamples do not add up to the sample's length.
pub fn encrypt(
    key: &[u8; 16],
    constant_iv: &[u8; 16],
    sample: &mut [u8],
    subsamples: &[Subsample],
) -> Result<(), String> {
    apply(Direction::Encrypt, key, constant_iv, sample, subsamples)
}

/// Decrypts `sample` in place (the inverse of [`encrypt`]).
///
/// # Errors
/// The subsamples do not add up to the sample's length.
pub fn decrypt(
    key: &[u8; 16],
    constant_iv: &[u8; 16],
    sample: &mut [u8],
    subsamples: &[Subsample],
) -> Result<(), String> {
    apply(Direction::Decrypt, key, constant_iv, sample, subsamples)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_touches_blocks_0_10_20_and_not_the_tail() {
        let key = [7u8; 16];
        let iv = [9u8; 16];
        let plain: Vec<u8> = (0..(21 * 16 + 5)).map(|i| i as u8).collect();
        let mut data = plain.clone();
        let subs = [Subsample {
            clear_bytes: 0,
            protected_bytes: data.len() as u32,
        }];
        encrypt(&key, &iv, &mut data, &subs).unwrap();
        for (i, (a, b)) in plain.chunks(16).zip(data.chunks(16)).enumerate() {
            if i % 10 == 0 && a.len() == 16 {
                assert_ne!(a, b, "block {i} encrypted");
            } else {
                assert_eq!(a, b, "block {i} clear");
            }
        }
        decrypt(&key, &iv, &mut data, &subs).unwrap();
        assert_eq!(data, plain);
    }

    #[test]
    fn cbc_chains_across_encrypted_blocks_and_restarts_per_subsample() {
        // Single-block CBC of block 10 must use block 0's ciphertext as IV.
        use aes::cipher::{BlockCipherEncrypt, KeyInit};
        let key = [1u8; 16];
        let iv = [2u8; 16];
        let mut data = vec![0x55u8; 11 * 16];
        let subs = [Subsample {
            clear_bytes: 0,
            protected_bytes: data.len() as u32,
        }];
        encrypt(&key, &iv, &mut data, &subs).unwrap();
        let aes = Aes128::new(&key.into());
        let mut b0 = [0x55u8; 16];
        b0.iter_mut().zip(iv).for_each(|(x, v)| *x ^= v);
        let mut b0: Block<Aes128> = b0.into();
        aes.encrypt_block(&mut b0);
        assert_eq!(&data[..16], b0.as_slice());
        let mut b10 = [0x55u8; 16];
        b10.iter_mut().zip(b0.iter()).for_each(|(x, v)| *x ^= v);
        let mut b10: Block<Aes128> = b10.into();
        aes.encrypt_block(&mut b10);
        assert_eq!(&data[160..176], b10.as_slice());

        // Two identical subsamples encrypt identically: the IV restarts.
        let mut two = vec![0x33u8; 2 * (4 + 32)];
        let s = Subsample {
            clear_bytes: 4,
            protected_bytes: 32,
        };
        encrypt(&key, &iv, &mut two, &[s, s]).unwrap();
        assert_eq!(two[..36], two[36..]);
    }

    #[test]
    fn wrong_subsample_total_is_an_error() {
        let mut data = vec![0u8; 10];
        let s = Subsample {
            clear_bytes: 4,
            protected_bytes: 16,
        };
        assert!(encrypt(&[0; 16], &[0; 16], &mut data, &[s]).is_err());
    }
}
