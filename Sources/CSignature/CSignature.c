// XML-DSig checks for alert messages with xmlsec1 and OpenSSL. Trust is not decided here: each
// signature that holds is reported with the fingerprint of its key, and the caller compares
// that with the keys a screen trusts (pinning; the anchors cities are given are leaf
// certificates, which X.509 chain validation in xmlsec 1.2 cannot take as roots).

// The flags Debian's xmlsec1-openssl.pc gives; XMLSEC_NO_SIZE_T changes the library's ABI.
#ifndef XMLSEC_NO_SIZE_T
#define XMLSEC_NO_SIZE_T 1
#endif
#ifndef XMLSEC_NO_CRYPTO_DYNAMIC_LOADING
#define XMLSEC_NO_CRYPTO_DYNAMIC_LOADING 1
#endif
#ifndef XMLSEC_CRYPTO_OPENSSL
#define XMLSEC_CRYPTO_OPENSSL 1
#endif
#ifndef XMLSEC_NO_GOST
#define XMLSEC_NO_GOST 1
#endif
#ifndef XMLSEC_NO_GOST2012
#define XMLSEC_NO_GOST2012 1
#endif
#ifndef __XMLSEC_FUNCTION__
#define __XMLSEC_FUNCTION__ __func__
#endif

#include "CSignature.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/openssl/evp.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#define MK_MAX_SIGNATURES 16

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int initialised = -1;

// xmlsec reports every error through this; the reason of a failed check is taken from the
// context instead, so messages are not printed to the player's log.
static void quiet(const char *file, int line, const char *func, const char *object, const char *subject, int reason, const char *msg) {
    (void)file; (void)line; (void)func; (void)object; (void)subject; (void)reason; (void)msg;
}

static void init_once(void) {
    xmlInitParser();
    if (xmlSecInit() < 0 || xmlSecCheckVersion() != 1) return;
    if (xmlSecCryptoAppInit(NULL) < 0 || xmlSecCryptoInit() < 0) return;
    xmlSecErrorsSetCallback(quiet);
    initialised = 0;
}

int mk_signatures_init(void) {
    pthread_once(&once, init_once);
    return initialised;
}

static void hex(const unsigned char *digest, size_t length, char out[65]) {
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < length && i < 32; i++) {
        out[2 * i] = digits[digest[i] >> 4];
        out[2 * i + 1] = digits[digest[i] & 15];
    }
    out[64] = '\0';
}

static int key_fingerprint(EVP_PKEY *key, char out[65]) {
    unsigned char *der = NULL;
    int length = i2d_PUBKEY(key, &der);
    if (length <= 0) return -1;
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(der, (size_t)length, digest);
    OPENSSL_free(der);
    hex(digest, sizeof digest, out);
    return 0;
}

int mk_pem_key_fingerprint(const char *bytes, size_t length, char out[65]) {
    BIO *bio = BIO_new_mem_buf(bytes, (int)length);
    if (!bio) return -1;
    X509 *cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    BIO_free(bio);
    if (!cert) return -1;
    int result = key_fingerprint(X509_get0_pubkey(cert), out);
    X509_free(cert);
    return result;
}

static void collect(xmlNodePtr node, xmlNodePtr *out, int *count) {
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        if (xmlSecCheckNodeName(node, xmlSecNodeSignature, xmlSecDSigNs)) {
            if (*count < MK_MAX_SIGNATURES) out[(*count)++] = node;
            continue;
        }
        collect(node->children, out, count);
    }
}

// Only the whole document, enveloped, canonicalised and digested by the usual methods; no
// manifests, no XPath or XSLT transforms, no references to parts of the document.
static int harden(xmlSecDSigCtxPtr ctx) {
    int r = 0;
    ctx->flags |= XMLSEC_DSIG_FLAGS_IGNORE_MANIFESTS;
    ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty;
    xmlSecTransformId reference[] = {
        xmlSecTransformEnvelopedId, xmlSecTransformInclC14NId, xmlSecTransformInclC14NWithCommentsId,
        xmlSecTransformExclC14NId, xmlSecTransformExclC14NWithCommentsId,
        xmlSecTransformSha1Id, xmlSecTransformSha256Id, xmlSecTransformSha384Id, xmlSecTransformSha512Id};
    for (size_t i = 0; i < sizeof reference / sizeof reference[0]; i++) r |= xmlSecDSigCtxEnableReferenceTransform(ctx, reference[i]);
    xmlSecTransformId signature[] = {
        xmlSecTransformInclC14NId, xmlSecTransformInclC14NWithCommentsId, xmlSecTransformExclC14NId, xmlSecTransformExclC14NWithCommentsId,
        xmlSecTransformRsaSha1Id, xmlSecTransformRsaSha256Id, xmlSecTransformRsaSha384Id, xmlSecTransformRsaSha512Id,
        xmlSecTransformDsaSha1Id, xmlSecTransformDsaSha256Id,
        xmlSecTransformEcdsaSha1Id, xmlSecTransformEcdsaSha256Id, xmlSecTransformEcdsaSha384Id, xmlSecTransformEcdsaSha512Id};
    for (size_t i = 0; i < sizeof signature / sizeof signature[0]; i++) r |= xmlSecDSigCtxEnableSignatureTransform(ctx, signature[i]);
    // The key may come from the document (X509Data or KeyValue): trust is the caller's pinning.
    ctx->keyInfoReadCtx.flags |= XMLSEC_KEYINFO_FLAGS_X509DATA_DONT_VERIFY_CERTS;
    return r ? -1 : 0;
}

static const char *whole_document(xmlSecDSigCtxPtr ctx, xmlNodePtr signature) {
    if (signature->parent != xmlDocGetRootElement(signature->doc)) return "the signature is not directly in the root element";
    if (xmlSecPtrListGetSize(&ctx->signedInfoReferences) != 1) return "the signature must have exactly one reference";
    xmlSecDSigReferenceCtxPtr reference = (xmlSecDSigReferenceCtxPtr)xmlSecPtrListGetItem(&ctx->signedInfoReferences, 0);
    if (!reference || reference->status != xmlSecDSigStatusSucceeded) return "its reference does not hold";
    if (!reference->uri || reference->uri[0] != '\0') return "its reference is not the whole document (URI=\"\")";
    int enveloped = 0;
    for (xmlSecTransformPtr t = reference->transformCtx.first; t; t = t->next) {
        if (t->id == xmlSecTransformEnvelopedId) enveloped = 1;
    }
    return enveloped ? NULL : "its reference lacks the enveloped-signature transform";
}

static void verify_one(xmlNodePtr signature, mk_signature *result) {
    memset(result, 0, sizeof *result);
    xmlSecKeysMngrPtr manager = xmlSecKeysMngrCreate();
    if (!manager || xmlSecCryptoAppDefaultKeysMngrInit(manager) < 0) {
        snprintf(result->reason, sizeof result->reason, "xmlsec cannot be set up");
        if (manager) xmlSecKeysMngrDestroy(manager);
        return;
    }
    xmlSecDSigCtxPtr ctx = xmlSecDSigCtxCreate(manager);
    if (!ctx || harden(ctx) < 0) {
        snprintf(result->reason, sizeof result->reason, "xmlsec cannot be set up");
    } else if (xmlSecDSigCtxVerify(ctx, signature) < 0) {
        snprintf(result->reason, sizeof result->reason, "the signature cannot be processed (no usable key, or a method not allowed)");
    } else if (ctx->status != xmlSecDSigStatusSucceeded) {
        snprintf(result->reason, sizeof result->reason, "the signature does not match the message (it was changed after signing)");
    } else {
        const char *policy = whole_document(ctx, signature);
        EVP_PKEY *key = ctx->signKey ? xmlSecOpenSSLEvpKeyDataGetEvp(xmlSecKeyGetValue(ctx->signKey)) : NULL;
        if (policy) {
            snprintf(result->reason, sizeof result->reason, "%s", policy);
        } else if (!key || key_fingerprint(key, result->fingerprint) < 0) {
            snprintf(result->reason, sizeof result->reason, "the signing key cannot be read");
        } else {
            result->verified = 1;
            xmlSecKeyDataPtr x509 = xmlSecKeyGetData(ctx->signKey, xmlSecKeyDataX509Id);
            X509 *cert = x509 ? xmlSecOpenSSLKeyDataX509GetKeyCert(x509) : NULL;
            if (cert) X509_NAME_oneline(X509_get_subject_name(cert), result->subject, sizeof result->subject);
        }
    }
    if (ctx) xmlSecDSigCtxDestroy(ctx);
    xmlSecKeysMngrDestroy(manager);
}

// A copy in which only signature `index` remains, without the foreign children some signers
// put inside it: each of a twice-signed message's signatures was made without the other.
static xmlDocPtr isolated(xmlDocPtr doc, int index, xmlNodePtr *signature) {
    xmlDocPtr copy = xmlCopyDoc(doc, 1);
    if (!copy) return NULL;
    xmlNodePtr all[MK_MAX_SIGNATURES];
    int count = 0;
    xmlNodePtr root = xmlDocGetRootElement(copy);
    collect(root, all, &count);
    if (index >= count) {
        xmlFreeDoc(copy);
        return NULL;
    }
    for (int i = 0; i < count; i++) {
        if (i != index && all[i]->parent == root) {
            xmlUnlinkNode(all[i]);
            xmlFreeNode(all[i]);
        }
    }
    for (xmlNodePtr child = all[index]->children, next; child; child = next) {
        next = child->next;
        if (child->type == XML_ELEMENT_NODE && (!child->ns || !xmlStrEqual(child->ns->href, xmlSecDSigNs))) {
            xmlUnlinkNode(child);
            xmlFreeNode(child);
        }
    }
    *signature = all[index];
    return copy;
}

int mk_verify_signatures(const char *bytes, size_t length, mk_signature *out, int capacity) {
    if (mk_signatures_init() < 0 || length > 64u << 20) return -1;
    // No DTD, no entities, no network; white space kept (digests depend on it).
    xmlDocPtr doc = xmlReadMemory(bytes, (int)length, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc || !xmlDocGetRootElement(doc) || doc->intSubset || doc->extSubset) {
        if (doc) xmlFreeDoc(doc);
        return -1;
    }
    xmlNodePtr signatures[MK_MAX_SIGNATURES];
    int count = 0;
    collect(xmlDocGetRootElement(doc), signatures, &count);
    for (int i = 0; i < count && i < capacity; i++) {
        verify_one(signatures[i], &out[i]);
        if (!out[i].verified) {
            xmlNodePtr alone = NULL;
            xmlDocPtr copy = isolated(doc, i, &alone);
            if (copy) {
                mk_signature second;
                verify_one(alone, &second);
                if (second.verified) out[i] = second;
                xmlFreeDoc(copy);
            }
        }
    }
    xmlFreeDoc(doc);
    return count;
}
