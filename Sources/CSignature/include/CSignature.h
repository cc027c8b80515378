#ifndef MACHINAKA_CSIGNATURE_H
#define MACHINAKA_CSIGNATURE_H

#include <stddef.h>

/// One enveloped XML-DSig signature of a document, as checked by xmlsec1 (OpenSSL).
typedef struct {
    /// 1 when the signature and its digest hold, its one reference is the whole document
    /// (URI="", enveloped transform, canonicalisation and digest from a short list) and it
    /// stands directly in the root element; 0 otherwise.
    int verified;
    /// Hex SHA-256 of the signing key's SubjectPublicKeyInfo (DER): what trust is pinned to.
    char fingerprint[65];
    /// The signing certificate's subject, when the signature carries one.
    char subject[256];
    /// Why the signature does not hold, when it does not.
    char reason[256];
} mk_signature;

/// Initialises libxml2 and xmlsec once per process (safe to call again). Call before any other
/// use of libxml2 that installs its own external-entity loader, which must come after.
int mk_signatures_init(void);

/// Checks every `Signature` element of the document in `bytes` (no DTD, no entities, no
/// network). Writes at most `capacity` results and returns how many Signature elements there
/// are, or -1 when the document cannot be parsed. A document signed twice (each signature made
/// without the other, as Canada's NAADS does) has each checked on its own.
int mk_verify_signatures(const char *bytes, size_t length, mk_signature *out, int capacity);

/// The hex SHA-256 of the public key of the first certificate in PEM `bytes`; 0 on success.
int mk_pem_key_fingerprint(const char *bytes, size_t length, char out[65]);

#endif
