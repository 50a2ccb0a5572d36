//! Small, valid image files built by hand (no encoder): a 16×16 RGB PNG (stored, not
//! compressed) and an 8×8 greyscale baseline JPEG of one block, each varied by a seed
//! (the PNG's two colours, the JPEG's grey level and quantisation table, a comment naming
//! the image), so that every image of the synthetic helpdesk differs. Nothing is kept:
//! the bytes are built again, identical, on every request.

use crate::data::{SplitMix64, seed_of};

/// The two kinds of file the synthetic helpdesk's images are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Png,
    Jpeg,
}

impl Kind {
    /// The content type of the file.
    pub(crate) fn mime(self) -> &'static str {
        match self {
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
        }
    }

    /// The file name's extension.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Kind::Png => "png",
            Kind::Jpeg => "jpg",
        }
    }
}

/// The kind of the image of `key`: about two in three are PNG.
pub(crate) fn kind_of(key: &str) -> Kind {
    if seed_of(key).is_multiple_of(3) {
        Kind::Jpeg
    } else {
        Kind::Png
    }
}

/// The file of the image of `key`: its kind and its bytes (the same for the same key).
pub(crate) fn file_of(key: &str) -> (Kind, Vec<u8>) {
    let kind = kind_of(key);
    let bytes = match kind {
        Kind::Png => png(seed_of(key)),
        Kind::Jpeg => jpeg(seed_of(key), key),
    };
    (kind, bytes)
}

/// CRC-32 (ISO 3309, as PNG takes it).
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Adler-32 (as zlib takes it).
fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for byte in bytes {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let len = u32::try_from(data.len()).expect("a small chunk");
    out.extend_from_slice(&len.to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A 16×16 RGB PNG: a checkerboard of 4×4 squares in two colours drawn from `seed`
/// (850 bytes).
pub(crate) fn png(seed: u64) -> Vec<u8> {
    const SIDE: usize = 16;
    let mut rng = SplitMix64::new(seed);
    let colours = [rng.next_u64().to_le_bytes(), rng.next_u64().to_le_bytes()];
    let mut raw = Vec::with_capacity(SIDE * (1 + 3 * SIDE));
    for y in 0..SIDE {
        raw.push(0); // filter: none
        for x in 0..SIDE {
            let colour = &colours[(x / 4 + y / 4) % 2];
            raw.extend_from_slice(&colour[..3]);
        }
    }
    // zlib: no compression, one stored block.
    let len = u16::try_from(raw.len()).expect("a small image");
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend_from_slice(&len.to_le_bytes());
    zlib.extend_from_slice(&(!len).to_le_bytes());
    zlib.extend_from_slice(&raw);
    zlib.extend_from_slice(&adler32(&raw).to_be_bytes());

    let side = u32::try_from(SIDE).expect("small").to_be_bytes();
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&side);
    header.extend_from_slice(&side);
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8 bits, RGB, deflate, no filter, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &zlib);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn segment(out: &mut Vec<u8>, marker: u8, data: &[u8]) {
    out.extend_from_slice(&[0xff, marker]);
    let len = u16::try_from(data.len() + 2).expect("a small segment");
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(data);
}

/// An 8×8 greyscale baseline JPEG of one block, of a uniform grey drawn from `seed` (its
/// DC coefficient; every AC coefficient 0), with Huffman tables of one code each and a
/// comment naming `name` (about 200 bytes).
pub(crate) fn jpeg(seed: u64, name: &str) -> Vec<u8> {
    let mut rng = SplitMix64::new(seed);
    // DC quantiser 8: the level is 128 + the coefficient (category 7: ±64..127).
    let magnitude = 64 + (rng.next_u64() % 64) as u8;
    let negative = rng.next_u64().is_multiple_of(2);
    let mut out = vec![0xff, 0xd8];
    segment(
        &mut out,
        0xe0,
        b"JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00",
    );
    let comment: Vec<u8> = format!("lark-helpdesk-mock {name}")
        .bytes()
        .take(200)
        .collect();
    segment(&mut out, 0xfe, &comment);
    // Quantisation table 0, 8-bit: DC 8, the AC entries (unused) varied by the seed.
    let mut dqt = vec![0x00, 8];
    dqt.extend((1..64).map(|_| 1 + (rng.next_u64() % 99) as u8));
    segment(&mut out, 0xdb, &dqt);
    // Baseline frame: 8 bits, 8×8, one component (id 1, 1×1 sampling, table 0).
    segment(&mut out, 0xc0, &[8, 0, 8, 0, 8, 1, 1, 0x11, 0]);
    // DC table 0: one code of length 1 ("0") for category 7; AC table 0: one code of
    // length 1 for end-of-block.
    for (class, symbol) in [(0x00u8, 7u8), (0x10, 0x00)] {
        let mut dht = vec![class, 1];
        dht.extend_from_slice(&[0; 15]);
        dht.push(symbol);
        segment(&mut out, 0xc4, &dht);
    }
    segment(&mut out, 0xda, &[1, 1, 0x00, 0, 63, 0]);
    // Bits: "0" (category 7), the 7 bits of the coefficient (ones' complement when
    // negative), "0" (end of block), then 1s to the byte: never a 0xFF to stuff.
    let bits = if negative {
        !magnitude & 0x7f
    } else {
        magnitude & 0x7f
    };
    out.push(bits);
    out.push(0x7f);
    out.extend_from_slice(&[0xff, 0xd9]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chunks of a PNG, each checked against its CRC.
    fn chunks(png: &[u8]) -> Vec<(String, Vec<u8>)> {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let mut rest = &png[8..];
        let mut out = Vec::new();
        while !rest.is_empty() {
            let len = u32::from_be_bytes(rest[..4].try_into().unwrap()) as usize;
            let (kind_and_data, after) = rest[4..].split_at(4 + len);
            let crc = u32::from_be_bytes(after[..4].try_into().unwrap());
            assert_eq!(crc32(kind_and_data), crc);
            out.push((
                String::from_utf8(kind_and_data[..4].to_vec()).unwrap(),
                kind_and_data[4..].to_vec(),
            ));
            rest = &after[4..];
        }
        out
    }

    #[test]
    fn the_png_is_a_valid_one() {
        let png = png(7);
        assert!(png.len() < 2_048, "{}", png.len());
        let chunks = chunks(&png);
        let kinds: Vec<&str> = chunks.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(kinds, ["IHDR", "IDAT", "IEND"]);
        assert_eq!(chunks[0].1, [0, 0, 0, 16, 0, 0, 0, 16, 8, 2, 0, 0, 0]);
        let zlib = &chunks[1].1;
        assert_eq!(zlib[..3], [0x78, 0x01, 0x01]);
        let len = u16::from_le_bytes([zlib[3], zlib[4]]) as usize;
        assert_eq!(u16::from_le_bytes([zlib[5], zlib[6]]), !(len as u16));
        assert_eq!(len, 16 * (1 + 16 * 3));
        let raw = &zlib[7..7 + len];
        assert_eq!(
            u32::from_be_bytes(zlib[7 + len..].try_into().unwrap()),
            adler32(raw)
        );
        assert_ne!(png, super::png(8));
    }

    #[test]
    fn the_jpeg_is_a_well_formed_one() {
        let jpeg = jpeg(7, "img_v2_x");
        assert!(jpeg.len() < 2_048);
        assert_eq!(jpeg[..2], [0xff, 0xd8]);
        assert_eq!(jpeg[jpeg.len() - 2..], [0xff, 0xd9]);
        // Segments up to the scan, each of its stated length.
        let mut at = 2;
        let mut markers = Vec::new();
        loop {
            assert_eq!(jpeg[at], 0xff);
            let marker = jpeg[at + 1];
            let len = u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]) as usize;
            markers.push(marker);
            at += 2 + len;
            if marker == 0xda {
                break;
            }
        }
        assert_eq!(markers, [0xe0, 0xfe, 0xdb, 0xc0, 0xc4, 0xc4, 0xda]);
        // Two bytes of entropy-coded data, then the end.
        assert_eq!(jpeg.len() - at, 4);
        assert!(!jpeg[at..at + 2].contains(&0xff));
        assert_ne!(jpeg, super::jpeg(8, "img_v2_x"));
    }

    #[test]
    fn a_key_always_gets_the_same_file() {
        for key in ["img_v2_a", "img_v2_b", "img_v2_c", "img_v2_d"] {
            assert_eq!(file_of(key), file_of(key));
        }
        let kinds: std::collections::HashSet<Kind> =
            (0..20).map(|i| kind_of(&format!("img_{i}"))).collect();
        assert_eq!(kinds.len(), 2);
    }
}
