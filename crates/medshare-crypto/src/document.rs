//! Documents (lab reports, imaging: megabytes), encrypted as a stream with XChaCha20-Poly1305
//! and bound to the document's account and version (document format 1).
//!
//! # The blob
//!
//! A 25-byte header, `MSDOC1` and a random 19-byte nonce prefix, then the plaintext stream
//! sealed with STREAM (Hoang, Reyhanitabar, Rogaway and Vizár, 2015; a 32-bit big-endian chunk
//! counter and a last-chunk flag complete the nonce): chunks of [`CHUNK_LEN`] bytes, each
//! followed by a 16-byte tag, the last one (full or shorter, never absent) sealed as the last.
//! Reordered, dropped or appended chunks and a cut blob do not decrypt. Every chunk's
//! associated data is [`AAD_DOMAIN`], the document's address, its version (u64 little-endian)
//! and the header, so a blob copied to another document or version does not decrypt either.
//!
//! # Padding
//!
//! The plaintext stream is the content's length (u64 little-endian), the content, and zero
//! bytes up to the Padmé length of the two (Nikitin et al., "Reducing Metadata Leakage from
//! Encrypted Files and Communication with PURBs", PETS 2019). For a length L with
//! E = floor(log2 L) and S = floor(log2 E) + 1, Padmé rounds L up to a multiple of 2^(E-S),
//! so the padded length keeps S + 1 significant bits: it reveals O(log log L) bits of L
//! instead of all of them, for at most 2^-S of L in padding (12.5% from 16 bytes, 3.1% from
//! 64 KiB).
//!
//! # The key
//!
//! Poly1305 does not commit to its key: a blob can be crafted to decrypt under two keys. The
//! [`key_commitment`] published on chain does, so a recipient checks a key against it before
//! downloading, and decrypting only under a key that matches makes the scheme key-committing.
//!
//! # Memory, and failures part-way
//!
//! Both directions hold about two chunks whatever the size. [`decrypt`] writes each chunk's
//! content as soon as the chunk authenticates, so when it fails, the caller must discard what
//! it has already written (the SDK decrypts to a temporary file and renames it on success).

use chacha20poly1305::aead::generic_array::GenericArray;
use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::aead::OsRng;
use chacha20poly1305::{KeyInit, XChaCha20Poly1305};
use sha2::{Digest, Sha256};
use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};
use zeroize::Zeroize;

/// Plaintext bytes per chunk; the last chunk may be shorter.
pub const CHUNK_LEN: usize = 64 * 1024;
/// The Poly1305 tag after each chunk.
pub const TAG_LEN: usize = 16;
/// A format-1 blob's first bytes.
pub const MAGIC: &[u8; 6] = b"MSDOC1";
const NONCE_PREFIX_LEN: usize = 19;
/// The magic and the nonce prefix.
pub const HEADER_LEN: usize = MAGIC.len() + NONCE_PREFIX_LEN;
/// The content's length at the start of the plaintext stream.
const LENGTH_LEN: usize = 8;
/// STREAM's 32-bit counter allows 2^32 chunks of 2^16 bytes, the length field included.
pub const MAX_CONTENT_LEN: u64 = (1 << 48) - LENGTH_LEN as u64;

/// Domain separation of [`key_commitment`] and of the chunks' associated data.
pub const KEY_COMMITMENT_DOMAIN: &[u8] = b"medshare document key commitment, format 1";
pub const AAD_DOMAIN: &[u8] = b"medshare document, format 1";

/// A document's XChaCha20-Poly1305 key; wiped from memory when dropped.
#[derive(Clone)]
pub struct DocumentKey([u8; 32]);

impl DocumentKey {
    /// A fresh key from the operating system's random number generator.
    pub fn generate() -> Self {
        let mut key = [0; 32];
        OsRng.fill_bytes(&mut key);
        Self(key)
    }

    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for DocumentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DocumentKey(..)")
    }
}

impl Drop for DocumentKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// What a blob is bound to: the document's account address and version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocumentBinding {
    pub document: [u8; 32],
    pub version: u64,
}

/// What [`encrypt`] wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sealed {
    /// Ciphertext bytes: the blob's padded size, as recorded on chain.
    pub len: u64,
    /// SHA-256 of the whole blob, which addresses it in the object store.
    pub digest: [u8; 32],
}

#[derive(Debug)]
pub enum DocumentError {
    Io(io::Error),
    /// The blob does not start with a format-1 header.
    NotADocument,
    /// A chunk does not authenticate: wrong key, another document or version, or altered.
    Tampered,
    /// The blob ends before its last chunk.
    Truncated,
    /// Bytes follow the last chunk.
    TrailingData,
    /// The length field disagrees with the padded plaintext, or the padding is not zeros.
    BadPadding,
    /// The content reader was shorter or longer than the announced length.
    LengthMismatch,
    /// Content longer than [`MAX_CONTENT_LEN`].
    TooLarge,
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentError::Io(error) => write!(f, "document I/O failed: {error}"),
            DocumentError::NotADocument => write!(f, "not a format-1 medshare document"),
            DocumentError::Tampered => write!(
                f,
                "the document does not authenticate: wrong key, another document or version, or altered"
            ),
            DocumentError::Truncated => write!(f, "the document is cut short"),
            DocumentError::TrailingData => write!(f, "bytes follow the document's last chunk"),
            DocumentError::BadPadding => write!(
                f,
                "the document's length field or padding is malformed"
            ),
            DocumentError::LengthMismatch => write!(
                f,
                "the content is shorter or longer than its announced length"
            ),
            DocumentError::TooLarge => write!(
                f,
                "documents hold at most {MAX_CONTENT_LEN} bytes of content"
            ),
        }
    }
}

impl std::error::Error for DocumentError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DocumentError::Io(error) => Some(error),
            _ => None,
        }
    }
}

impl From<io::Error> for DocumentError {
    fn from(error: io::Error) -> Self {
        DocumentError::Io(error)
    }
}

/// SHA-256(domain ++ key ++ document ++ version as u64 little-endian).
pub fn key_commitment(key: &DocumentKey, binding: &DocumentBinding) -> [u8; 32] {
    Sha256::new()
        .chain_update(KEY_COMMITMENT_DOMAIN)
        .chain_update(key.0)
        .chain_update(binding.document)
        .chain_update(binding.version.to_le_bytes())
        .finalize()
        .into()
}

/// The blob's length for `content_len` bytes of content; None above [`MAX_CONTENT_LEN`].
pub fn ciphertext_len(content_len: u64) -> Option<u64> {
    let padded = padded_plaintext_len(content_len)?;
    let chunks = padded.div_ceil(CHUNK_LEN as u64);
    Some(HEADER_LEN as u64 + padded + chunks * TAG_LEN as u64)
}

/// Encrypts exactly `content_len` bytes from `reader` into `writer`.
pub fn encrypt<R: Read, W: Write>(
    key: &DocumentKey,
    binding: &DocumentBinding,
    content_len: u64,
    reader: R,
    writer: W,
) -> Result<Sealed, DocumentError> {
    let padded = padded_plaintext_len(content_len).ok_or(DocumentError::TooLarge)?;
    let mut header = [0; HEADER_LEN];
    header[..MAGIC.len()].copy_from_slice(MAGIC);
    OsRng.fill_bytes(&mut header[MAGIC.len()..]);
    let mut out = HashingWriter {
        inner: writer,
        hasher: Sha256::new(),
        len: 0,
    };
    out.write_all(&header)?;

    let aad = associated_data(binding, &header);
    let mut encryptor = EncryptorBE32::from_aead(cipher(key), nonce_prefix(&header));
    let mut content = reader.take(content_len);
    let mut buf = Vec::with_capacity(CHUNK_LEN + TAG_LEN);
    let mut remaining = padded;
    loop {
        let chunk_len = remaining.min(CHUNK_LEN as u64) as usize;
        buf.clear();
        buf.resize(chunk_len, 0);
        let start = if remaining == padded {
            buf[..LENGTH_LEN].copy_from_slice(&content_len.to_le_bytes());
            LENGTH_LEN
        } else {
            0
        };
        // Past the content the buffer keeps its zeros: the padding.
        let wanted = buf.len() - start;
        if read_full(&mut content, &mut buf[start..])? < wanted && content.limit() > 0 {
            return Err(DocumentError::LengthMismatch);
        }
        remaining -= chunk_len as u64;
        if remaining == 0 {
            break;
        }
        // Cannot fail: MAX_CONTENT_LEN keeps the counter in range.
        encryptor
            .encrypt_next_in_place(&aad, &mut buf)
            .map_err(|_| DocumentError::TooLarge)?;
        out.write_all(&buf)?;
    }
    encryptor
        .encrypt_last_in_place(&aad, &mut buf)
        .map_err(|_| DocumentError::TooLarge)?;
    out.write_all(&buf)?;

    if read_full(&mut content.into_inner(), &mut [0])? != 0 {
        return Err(DocumentError::LengthMismatch);
    }
    out.inner.flush()?;
    Ok(Sealed {
        len: out.len,
        digest: out.hasher.finalize().into(),
    })
}

/// Decrypts a blob from `reader`, writes the content to `writer` and returns its length. On
/// error, what was already written must be discarded (see the module's documentation).
pub fn decrypt<R: Read, W: Write>(
    key: &DocumentKey,
    binding: &DocumentBinding,
    reader: R,
    writer: W,
) -> Result<u64, DocumentError> {
    // The buffer lets decrypt peek past a chunk, to see whether the blob ends there.
    let mut reader = BufReader::new(reader);
    let mut header = [0; HEADER_LEN];
    if read_full(&mut reader, &mut header)? < HEADER_LEN || header[..MAGIC.len()] != MAGIC[..] {
        return Err(DocumentError::NotADocument);
    }
    let aad = associated_data(binding, &header);
    let mut decryptor = DecryptorBE32::from_aead(cipher(key), nonce_prefix(&header));
    let mut plaintext = Unpadder {
        writer,
        padded: None,
        seen: 0,
        content_len: 0,
        content_left: 0,
    };
    let mut buf = Vec::with_capacity(CHUNK_LEN + TAG_LEN);
    loop {
        let chunk_len = plaintext.next_chunk_len();
        buf.resize(chunk_len + TAG_LEN, 0);
        let read = read_full(&mut reader, &mut buf)?;
        buf.truncate(read);
        let at_end = reader.fill_buf()?.is_empty();
        let full = read == chunk_len + TAG_LEN;
        let last = match plaintext.padded {
            // Before the length field is known, only the end of the blob marks the last chunk.
            None => {
                if read < TAG_LEN {
                    return Err(DocumentError::Truncated);
                }
                // A full chunk sealed as not last, with nothing after it: a blob cut there.
                if at_end && full && decryptor.decrypt_next_in_place(&aad, &mut buf).is_ok() {
                    return Err(DocumentError::Truncated);
                }
                at_end
            }
            Some(padded) => {
                let last = plaintext.seen + chunk_len as u64 == padded;
                if !full || (at_end && !last) {
                    return Err(DocumentError::Truncated);
                }
                if last && !at_end {
                    return Err(DocumentError::TrailingData);
                }
                last
            }
        };
        if last {
            break;
        }
        decryptor
            .decrypt_next_in_place(&aad, &mut buf)
            .map_err(|_| DocumentError::Tampered)?;
        plaintext.accept(&buf, false)?;
    }
    decryptor
        .decrypt_last_in_place(&aad, &mut buf)
        .map_err(|_| DocumentError::Tampered)?;
    plaintext.accept(&buf, true)?;
    plaintext.writer.flush()?;
    Ok(plaintext.content_len)
}

/// SHA-256 of everything `reader` yields, read in pieces.
pub fn digest<R: Read>(mut reader: R) -> io::Result<[u8; 32]> {
    let mut hasher = Sha256::new();
    io::copy(&mut reader, &mut hasher)?;
    Ok(hasher.finalize().into())
}

fn padded_plaintext_len(content_len: u64) -> Option<u64> {
    (content_len <= MAX_CONTENT_LEN).then(|| padme(LENGTH_LEN as u64 + content_len))
}

/// Padmé (see the module's documentation); lengths below 2 have nothing to round. Callers
/// keep `len` at most 2^48, so the rounding cannot overflow.
fn padme(len: u64) -> u64 {
    if len < 2 {
        return len;
    }
    let e = len.ilog2();
    let s = e.ilog2() + 1;
    let mask = (1 << (e - s)) - 1;
    (len + mask) & !mask
}

fn cipher(key: &DocumentKey) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(&key.0.into())
}

fn nonce_prefix(header: &[u8; HEADER_LEN]) -> &GenericArray<u8, chacha20poly1305::consts::U19> {
    GenericArray::from_slice(&header[MAGIC.len()..])
}

fn associated_data(binding: &DocumentBinding, header: &[u8; HEADER_LEN]) -> Vec<u8> {
    [
        AAD_DOMAIN,
        &binding.document,
        &binding.version.to_le_bytes(),
        header,
    ]
    .concat()
}

/// Reads until `buf` is full or the reader ends; returns the bytes read.
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

/// Counts and hashes the blob on its way out.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    len: u64,
}

impl<W: Write> HashingWriter<W> {
    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.inner.write_all(bytes)?;
        self.hasher.update(bytes);
        self.len += bytes.len() as u64;
        Ok(())
    }
}

/// Splits the authenticated plaintext stream into length field, content and padding.
struct Unpadder<W> {
    writer: W,
    /// The plaintext stream's length, known once the first chunk has authenticated.
    padded: Option<u64>,
    /// Plaintext bytes authenticated so far.
    seen: u64,
    content_len: u64,
    content_left: u64,
}

impl<W: Write> Unpadder<W> {
    /// The next chunk's plaintext size, as far as the length field tells yet.
    fn next_chunk_len(&self) -> usize {
        self.padded.map_or(CHUNK_LEN, |padded| {
            (padded - self.seen).min(CHUNK_LEN as u64) as usize
        })
    }

    fn accept(&mut self, chunk: &[u8], last: bool) -> Result<(), DocumentError> {
        self.seen += chunk.len() as u64;
        let mut rest = chunk;
        if self.padded.is_none() {
            let (field, content) = chunk
                .split_first_chunk::<LENGTH_LEN>()
                .ok_or(DocumentError::BadPadding)?;
            let content_len = u64::from_le_bytes(*field);
            let padded = padded_plaintext_len(content_len).ok_or(DocumentError::BadPadding)?;
            // One chunk holds exactly the padded stream; more chunks, more than one chunk.
            let consistent = if last {
                padded == self.seen
            } else {
                padded > CHUNK_LEN as u64
            };
            if !consistent {
                return Err(DocumentError::BadPadding);
            }
            self.padded = Some(padded);
            self.content_len = content_len;
            self.content_left = content_len;
            rest = content;
        }
        let content = self.content_left.min(rest.len() as u64) as usize;
        self.writer.write_all(&rest[..content])?;
        self.content_left -= content as u64;
        if rest[content..].iter().any(|&byte| byte != 0) {
            return Err(DocumentError::BadPadding);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chacha20poly1305::aead::Payload;

    const SIZES: [usize; 7] = [
        0,
        1,
        CHUNK_LEN - LENGTH_LEN - 1,
        CHUNK_LEN - LENGTH_LEN,
        CHUNK_LEN - LENGTH_LEN + 1,
        CHUNK_LEN,
        3 * CHUNK_LEN + 5,
    ];

    fn binding(document: u8, version: u64) -> DocumentBinding {
        DocumentBinding {
            document: [document; 32],
            version,
        }
    }

    fn content(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 31 + 7) as u8).collect()
    }

    fn seal(key: &DocumentKey, binding: &DocumentBinding, content: &[u8]) -> Vec<u8> {
        let mut blob = Vec::new();
        let sealed = encrypt(key, binding, content.len() as u64, content, &mut blob).unwrap();
        assert_eq!(sealed.len, blob.len() as u64);
        assert_eq!(Some(sealed.len), ciphertext_len(content.len() as u64));
        assert_eq!(sealed.digest, digest(&blob[..]).unwrap());
        blob
    }

    fn open(
        key: &DocumentKey,
        binding: &DocumentBinding,
        blob: &[u8],
    ) -> Result<Vec<u8>, DocumentError> {
        let mut content = Vec::new();
        let len = decrypt(key, binding, blob, &mut content)?;
        assert_eq!(len, content.len() as u64);
        Ok(content)
    }

    /// Seals any plaintext stream, to build blobs that encrypt never writes.
    fn seal_plaintext(key: &DocumentKey, binding: &DocumentBinding, plaintext: &[u8]) -> Vec<u8> {
        let mut header = [9; HEADER_LEN];
        header[..MAGIC.len()].copy_from_slice(MAGIC);
        let aad = associated_data(binding, &header);
        let mut encryptor = EncryptorBE32::from_aead(cipher(key), nonce_prefix(&header));
        let mut chunks: Vec<&[u8]> = plaintext.chunks(CHUNK_LEN).collect();
        let last = chunks.pop().unwrap_or_default();
        let mut blob = header.to_vec();
        for chunk in chunks {
            let payload = Payload {
                msg: chunk,
                aad: &aad,
            };
            blob.extend(encryptor.encrypt_next(payload).unwrap());
        }
        let payload = Payload {
            msg: last,
            aad: &aad,
        };
        blob.extend(encryptor.encrypt_last(payload).unwrap());
        blob
    }

    fn plaintext(length_field: u64, body: &[u8]) -> Vec<u8> {
        [&length_field.to_le_bytes()[..], body].concat()
    }

    #[test]
    fn round_trips_around_chunk_boundaries() {
        let (key, doc) = (DocumentKey::generate(), binding(1, 0));
        for len in SIZES {
            let content = content(len);
            let blob = seal(&key, &doc, &content);
            assert_eq!(open(&key, &doc, &blob).unwrap(), content, "{len} bytes");
        }
    }

    #[test]
    fn hand_sealed_streams_decrypt_like_encrypted_ones() {
        let (key, doc) = (DocumentKey::generate(), binding(1, 0));
        // 8 + 3 bytes pad to 12.
        let blob = seal_plaintext(&key, &doc, &plaintext(3, b"abc\0"));
        assert_eq!(open(&key, &doc, &blob).unwrap(), b"abc");
    }

    #[test]
    fn nonces_are_fresh() {
        let (key, doc) = (DocumentKey::generate(), binding(1, 0));
        assert_ne!(seal(&key, &doc, b"same"), seal(&key, &doc, b"same"));
    }

    #[test]
    fn refuses_altered_bytes() {
        let (key, doc) = (DocumentKey::generate(), binding(1, 0));
        let blob = seal(&key, &doc, &content(3 * CHUNK_LEN + 5));
        let chunk = CHUNK_LEN + TAG_LEN;
        for at in [
            MAGIC.len(),
            HEADER_LEN,
            HEADER_LEN + chunk - 1,
            HEADER_LEN + 2 * chunk + 100,
            blob.len() - 1,
        ] {
            let mut altered = blob.clone();
            altered[at] ^= 1;
            assert!(
                matches!(open(&key, &doc, &altered), Err(DocumentError::Tampered)),
                "byte {at}"
            );
        }
        let mut altered = blob.clone();
        altered[0] ^= 1;
        assert!(matches!(
            open(&key, &doc, &altered),
            Err(DocumentError::NotADocument)
        ));
        assert!(matches!(
            open(&key, &doc, &blob[..HEADER_LEN - 1]),
            Err(DocumentError::NotADocument)
        ));
    }

    #[test]
    fn refuses_wrong_key_document_or_version() {
        let (key, doc) = (DocumentKey::generate(), binding(1, 4));
        for len in [0, 3 * CHUNK_LEN + 5] {
            let blob = seal(&key, &doc, &content(len));
            let other = seal(&key, &binding(2, 4), &content(len));
            for (key, doc, blob) in [
                (&DocumentKey::generate(), &doc, &blob),
                (&key, &binding(2, 4), &blob),
                (&key, &binding(1, 5), &blob),
                // Another document's blob, swapped in under this document.
                (&key, &doc, &other),
            ] {
                assert!(matches!(open(key, doc, blob), Err(DocumentError::Tampered)));
            }
        }
    }

    #[test]
    fn refuses_cut_blobs() {
        let (key, doc) = (DocumentKey::generate(), binding(1, 0));
        let blob = seal(&key, &doc, &content(3 * CHUNK_LEN + 5));
        let chunk = CHUNK_LEN + TAG_LEN;
        for cut in [
            HEADER_LEN,
            HEADER_LEN + TAG_LEN - 1,
            HEADER_LEN + chunk,
            HEADER_LEN + chunk + 1,
            HEADER_LEN + 2 * chunk,
            HEADER_LEN + 3 * chunk,
            blob.len() - 1,
        ] {
            assert!(
                matches!(
                    open(&key, &doc, &blob[..cut]),
                    Err(DocumentError::Truncated)
                ),
                "cut at {cut}"
            );
        }
        // Inside the first chunk a cut cannot be told from an alteration.
        assert!(matches!(
            open(&key, &doc, &blob[..HEADER_LEN + 100]),
            Err(DocumentError::Tampered)
        ));
    }

    #[test]
    fn refuses_trailing_bytes() {
        let (key, doc) = (DocumentKey::generate(), binding(1, 0));
        let blob = seal(&key, &doc, &content(3 * CHUNK_LEN + 5));
        for extra in [1, CHUNK_LEN + TAG_LEN] {
            let longer = [&blob[..], &vec![0; extra]].concat();
            assert!(matches!(
                open(&key, &doc, &longer),
                Err(DocumentError::TrailingData)
            ));
        }
    }

    #[test]
    fn refuses_malformed_length_or_padding() {
        let (key, doc) = (DocumentKey::generate(), binding(1, 0));
        let mut two_chunks = plaintext(CHUNK_LEN as u64, &content(CHUNK_LEN));
        two_chunks.resize(padme(two_chunks.len() as u64) as usize, 0);
        *two_chunks.last_mut().unwrap() = 1;
        for stream in [
            plaintext(3, b"abc\x01"),
            plaintext(100, b"abc\0"),
            // Padmé(8 + 0) is 8: four padding bytes too many.
            plaintext(0, &[0; 4]),
            // One chunk of stream that announces more, and two that announce less.
            plaintext(CHUNK_LEN as u64, &content(CHUNK_LEN - LENGTH_LEN)),
            plaintext(3, &[0; CHUNK_LEN]),
            plaintext(MAX_CONTENT_LEN + 1, b""),
            vec![0; LENGTH_LEN - 1],
            Vec::new(),
            two_chunks,
        ] {
            let blob = seal_plaintext(&key, &doc, &stream);
            assert!(matches!(
                open(&key, &doc, &blob),
                Err(DocumentError::BadPadding)
            ));
        }
    }

    #[test]
    fn refuses_content_of_another_length() {
        let (key, doc) = (DocumentKey::generate(), binding(1, 0));
        for (announced, actual) in [(10, 9), (10, 11), (3 * CHUNK_LEN, 2 * CHUNK_LEN), (0, 1)] {
            let result = encrypt(
                &key,
                &doc,
                announced as u64,
                &content(actual)[..],
                io::sink(),
            );
            assert!(matches!(result, Err(DocumentError::LengthMismatch)));
        }
        let result = encrypt(&key, &doc, MAX_CONTENT_LEN + 1, io::empty(), io::sink());
        assert!(matches!(result, Err(DocumentError::TooLarge)));
    }

    #[test]
    fn commitment_depends_on_key_document_and_version() {
        let key = DocumentKey::from_bytes([7; 32]);
        let commitment = key_commitment(&key, &binding(1, 0));
        assert_eq!(commitment, key_commitment(&key.clone(), &binding(1, 0)));
        for other in [
            key_commitment(&DocumentKey::from_bytes([8; 32]), &binding(1, 0)),
            key_commitment(&key, &binding(2, 0)),
            key_commitment(&key, &binding(1, 1)),
        ] {
            assert_ne!(commitment, other);
        }
    }

    #[test]
    fn debug_hides_the_key() {
        let shown = format!("{:?}", DocumentKey::from_bytes([0xab; 32]));
        assert!(!shown.contains("171") && !shown.to_lowercase().contains("ab"));
    }

    #[test]
    fn padme_rounds_up_monotonically_within_its_bound() {
        assert_eq!(
            [0, 1, 2, 3, 8, 9, 1000, 1025].map(padme),
            [0, 1, 2, 3, 8, 10, 1024, 1088]
        );
        let mut previous = 0;
        for len in (0..200_000).chain([1 << 40, (1 << 48) - 1, 1 << 48]) {
            let padded = padme(len);
            assert!(padded >= len && padded >= previous, "{len}");
            assert_eq!(padme(padded), padded, "{len}");
            // At most 2^-S of the length, S >= 3 from 16 bytes on.
            assert!(len < 16 || (padded - len) * 8 <= len, "{len}");
            previous = padded;
        }
        assert_eq!(padme(MAX_CONTENT_LEN + LENGTH_LEN as u64), 1 << 48);
    }

    #[test]
    fn ciphertext_len_grows_with_content() {
        let mut previous = 0;
        for len in (0..4 * CHUNK_LEN as u64).step_by(97) {
            let blob = ciphertext_len(len).unwrap();
            assert!(blob >= HEADER_LEN as u64 + LENGTH_LEN as u64 + len + TAG_LEN as u64);
            assert!(blob >= previous, "{len}");
            previous = blob;
        }
        assert_eq!(ciphertext_len(0), Some(HEADER_LEN as u64 + 8 + 16));
        assert!(ciphertext_len(MAX_CONTENT_LEN).is_some());
        assert_eq!(ciphertext_len(MAX_CONTENT_LEN + 1), None);
    }
}
