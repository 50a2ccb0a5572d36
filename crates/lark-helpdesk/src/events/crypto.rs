//! The platform's callback cryptography: the `encrypt` envelope (AES-256-CBC) and the
//! request signature (SHA-256 over timestamp, nonce, Encrypt Key and the raw body).
//!
//! The Encrypt Key is taken as `&str` here; nothing in this module logs it, formats it or
//! puts it in an error.

use aes::Aes256;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

const BLOCK: usize = 16;

/// Why an `encrypt` value could not be decrypted (its content is never part of the
/// message, and every case is refused alike by the [`Receiver`](crate::Receiver)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecryptError {
    /// Not standard, padded base64.
    #[error("the encrypted value is not base64")]
    NotBase64,
    /// Shorter than an IV and one block, or the ciphertext is not a multiple of 16 bytes.
    #[error("the encrypted value has a bad length")]
    BadLength,
    /// The plaintext does not end in valid PKCS#7 padding (the wrong key, or a forgery).
    #[error("the encrypted value has bad padding")]
    BadPadding,
}

/// The AES-256 key: SHA-256 of the Encrypt Key's UTF-8 bytes.
fn aes_key(encrypt_key: &str) -> [u8; 32] {
    Sha256::digest(encrypt_key.as_bytes()).into()
}

/// Decrypts the `encrypt` value of a callback body: standard base64 of a 16-byte IV
/// followed by AES-256-CBC ciphertext under SHA-256 of `encrypt_key`, PKCS#7-padded
/// (every pad byte checked).
///
/// ```
/// let plain = lark_helpdesk::decrypt_event(
///     "test key",
///     "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=",
/// )
/// .unwrap();
/// assert_eq!(plain, b"hello world");
/// ```
///
/// # Errors
///
/// [`DecryptError`] for bad base64, a bad length or bad padding.
pub fn decrypt_event(encrypt_key: &str, encrypted: &str) -> Result<Vec<u8>, DecryptError> {
    let raw = STANDARD
        .decode(encrypted.as_bytes())
        .map_err(|_| DecryptError::NotBase64)?;
    if raw.len() < 2 * BLOCK || raw.len() % BLOCK != 0 {
        return Err(DecryptError::BadLength);
    }
    let (iv, ciphertext) = raw.split_at(BLOCK);
    let key = aes_key(encrypt_key);
    let decryptor =
        cbc::Decryptor::<Aes256>::new_from_slices(&key, iv).map_err(|_| DecryptError::BadLength)?;
    let mut plain = decryptor
        .decrypt_padded_vec_mut::<NoPadding>(ciphertext)
        .map_err(|_| DecryptError::BadLength)?;
    let len = strip_pkcs7(&plain).ok_or(DecryptError::BadPadding)?;
    plain.truncate(len);
    Ok(plain)
}

/// The length of `plain` without its PKCS#7 padding: the last byte `n` must be 1..=16
/// and the last `n` bytes must all be `n`.
fn strip_pkcs7(plain: &[u8]) -> Option<usize> {
    let n = usize::from(*plain.last()?);
    if n == 0 || n > BLOCK || n > plain.len() {
        return None;
    }
    let pad = &plain[plain.len() - n..];
    pad.iter()
        .all(|&b| usize::from(b) == n)
        .then(|| plain.len() - n)
}

/// Encrypts `plaintext` as the platform does: PKCS#7, AES-256-CBC under SHA-256 of
/// `encrypt_key` with `iv`, standard base64 of IV ‖ ciphertext. For tests, and for
/// anyone sending callbacks; `iv` must be fresh and random for each message.
pub fn encrypt_event(encrypt_key: &str, plaintext: &[u8], iv: [u8; 16]) -> String {
    let n = BLOCK - plaintext.len() % BLOCK;
    let mut padded = Vec::with_capacity(plaintext.len() + n);
    padded.extend_from_slice(plaintext);
    // `n` is 1..=16, so the cast is exact.
    padded.resize(plaintext.len() + n, n as u8);
    let key = aes_key(encrypt_key);
    let ciphertext = cbc::Encryptor::<Aes256>::new(&key.into(), &iv.into())
        .encrypt_padded_vec_mut::<NoPadding>(&padded);
    let mut out = Vec::with_capacity(BLOCK + ciphertext.len());
    out.extend_from_slice(&iv);
    out.extend_from_slice(&ciphertext);
    STANDARD.encode(out)
}

fn signature_bytes(timestamp: &[u8], nonce: &[u8], encrypt_key: &str, body: &[u8]) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(timestamp);
    hash.update(nonce);
    hash.update(encrypt_key.as_bytes());
    hash.update(body);
    hash.finalize().into()
}

/// The `X-Lark-Signature` of a callback: lowercase hex SHA-256 of the bytes of
/// `timestamp` (`X-Lark-Request-Timestamp`), `nonce` (`X-Lark-Request-Nonce`),
/// `encrypt_key` and the raw body, in that order, with nothing between them.
pub fn event_signature(timestamp: &str, nonce: &str, encrypt_key: &str, body: &[u8]) -> String {
    let digest = signature_bytes(timestamp.as_bytes(), nonce.as_bytes(), encrypt_key, body);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Whether `signature` (hex, either case) is the [`event_signature`] of the request,
/// compared in constant time.
pub fn verify_event_signature(
    timestamp: &str,
    nonce: &str,
    encrypt_key: &str,
    body: &[u8],
    signature: &str,
) -> bool {
    verify_signature_bytes(
        timestamp.as_bytes(),
        nonce.as_bytes(),
        encrypt_key,
        body,
        signature.as_bytes(),
    )
}

/// [`verify_event_signature`] over header values as raw bytes.
pub(crate) fn verify_signature_bytes(
    timestamp: &[u8],
    nonce: &[u8],
    encrypt_key: &str,
    body: &[u8],
    signature: &[u8],
) -> bool {
    let Some(given) = decode_hex_32(signature) else {
        return false;
    };
    let expected = signature_bytes(timestamp, nonce, encrypt_key, body);
    bool::from(expected.ct_eq(&given))
}

fn decode_hex_32(hex: &[u8]) -> Option<[u8; 32]> {
    if hex.len() != 64 {
        return None;
    }
    let digit = |c: u8| -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    };
    let mut out = [0u8; 32];
    for (i, pair) in hex.chunks_exact(2).enumerate() {
        out[i] = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

/// Whether two secrets are equal, in time that does not depend on where they differ.
pub(crate) fn secret_eq(a: &str, b: &str) -> bool {
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const VECTOR: &str = "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=";

    #[test]
    fn the_documented_test_vector_decrypts() {
        assert_eq!(decrypt_event("test key", VECTOR).unwrap(), b"hello world");
    }

    #[test]
    fn encrypt_round_trips_and_matches_the_vector() {
        let raw = STANDARD.decode(VECTOR).unwrap();
        let iv: [u8; 16] = raw[..16].try_into().unwrap();
        assert_eq!(encrypt_event("test key", b"hello world", iv), VECTOR);
        for len in [0, 1, 15, 16, 17, 100] {
            let plain = vec![b'x'; len];
            let enc = encrypt_event("k", &plain, [7; 16]);
            assert_eq!(decrypt_event("k", &enc).unwrap(), plain);
        }
    }

    #[test]
    fn refuses_bad_base64_length_and_padding() {
        assert_eq!(decrypt_event("k", "%%%"), Err(DecryptError::NotBase64));
        // Unpadded base64 is not the standard form.
        assert_eq!(
            decrypt_event("test key", VECTOR.trim_end_matches('=')),
            Err(DecryptError::NotBase64)
        );
        assert_eq!(decrypt_event("k", ""), Err(DecryptError::BadLength));
        assert_eq!(
            decrypt_event("k", &STANDARD.encode([0u8; 16])),
            Err(DecryptError::BadLength)
        );
        assert_eq!(
            decrypt_event("k", &STANDARD.encode([0u8; 40])),
            Err(DecryptError::BadLength)
        );
        // The wrong key almost always leaves bad padding.
        assert_eq!(
            decrypt_event("wrong key", VECTOR),
            Err(DecryptError::BadPadding)
        );
    }

    #[test]
    fn pkcs7_is_checked_strictly() {
        assert_eq!(strip_pkcs7(&[1, 2, 3, 1]), Some(3));
        assert_eq!(strip_pkcs7(&[9, 3, 3, 3]), Some(1));
        assert_eq!(strip_pkcs7(&[9, 2, 3, 3]), None);
        assert_eq!(strip_pkcs7(&[1, 2, 3, 0]), None);
        assert_eq!(strip_pkcs7(&[17; 32]), None);
        assert_eq!(strip_pkcs7(&[16; 16]), Some(0));
        assert_eq!(strip_pkcs7(&[]), None);
        // A block that is valid but for one pad byte (what a lenient unpadder accepts).
        let mut plain = b"hello world".to_vec();
        plain.extend_from_slice(&[5, 5, 4, 5, 5]);
        assert_eq!(strip_pkcs7(&plain), None);
        let enc = {
            let key = aes_key("k");
            let ct = cbc::Encryptor::<Aes256>::new(&key.into(), &[0u8; 16].into())
                .encrypt_padded_vec_mut::<NoPadding>(&plain);
            let mut out = vec![0u8; 16];
            out.extend_from_slice(&ct);
            STANDARD.encode(out)
        };
        assert_eq!(decrypt_event("k", &enc), Err(DecryptError::BadPadding));
    }

    #[test]
    fn signatures_are_lowercase_hex_and_verify_in_either_case() {
        let sig = event_signature("1700000000", "nonce", "key", b"{\"encrypt\":\"x\"}");
        assert_eq!(sig.len(), 64);
        assert!(
            sig.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
        );
        assert_ne!(
            sig,
            event_signature("1700000000", "nonce", "", b"{\"encrypt\":\"x\"}")
        );
        let ok = |s: &str| {
            verify_event_signature("1700000000", "nonce", "key", b"{\"encrypt\":\"x\"}", s)
        };
        assert!(ok(&sig));
        assert!(ok(&sig.to_uppercase()));
        assert!(!ok(&sig[..63]));
        assert!(!ok(""));
        assert!(!ok(&format!("{sig}0")));
        assert!(!verify_event_signature(
            "1700000000",
            "nonce",
            "key",
            b"{\"encrypt\":\"y\"}",
            &sig
        ));
    }

    #[test]
    fn the_signature_is_sha256_of_the_concatenation() {
        let expected: [u8; 32] = Sha256::digest(b"tsnk{}").into();
        let hex: String = expected.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(event_signature("ts", "n", "k", b"{}"), hex);
    }

    proptest! {
        #[test]
        fn decrypt_never_panics(key in ".{0,20}", text in ".{0,200}") {
            let _ = decrypt_event(&key, &text);
        }

        #[test]
        fn decrypt_never_panics_on_base64_of_anything(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = decrypt_event("k", &STANDARD.encode(bytes));
        }

        #[test]
        fn verify_never_panics(ts in any::<Vec<u8>>(), nonce in any::<Vec<u8>>(), body in any::<Vec<u8>>(), sig in any::<Vec<u8>>()) {
            let _ = verify_signature_bytes(&ts, &nonce, "k", &body, &sig);
        }

        #[test]
        fn round_trip(key in ".{0,20}", plain in any::<Vec<u8>>(), iv in any::<[u8; 16]>()) {
            prop_assert_eq!(decrypt_event(&key, &encrypt_event(&key, &plain, iv)).unwrap(), plain);
        }

        #[test]
        fn every_single_byte_change_is_refused(
            body in proptest::collection::vec(any::<u8>(), 1..64),
            which in 0usize..4,
            at in any::<proptest::sample::Index>(),
            delta in 1u8..=255,
        ) {
            let (ts, nonce) = (b"1700000000".to_vec(), b"abc".to_vec());
            let sig = event_signature("1700000000", "abc", "key", &body).into_bytes();
            let mut parts = [ts, nonce, body, sig];
            let part = &mut parts[which];
            let i = at.index(part.len());
            part[i] = part[i].wrapping_add(delta);
            let [ts, nonce, body, sig] = parts;
            // A signature byte changed to the same hex digit in the other case still verifies
            // (either case is accepted); any other change must be refused.
            let case_only = which == 3 && sig.eq_ignore_ascii_case(
                event_signature("1700000000", "abc", "key", &body).as_bytes());
            prop_assert_eq!(verify_signature_bytes(&ts, &nonce, "key", &body, &sig), case_only);
        }
    }
}
