#include "CLineBreak.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>

// Opening an iterator costs: a sentence iterator with `@ss=standard` builds its abbreviation
// filter each time (0.23 ms here), which a page of a long notice paid several times. So each
// thread keeps its last iterator of each kind, with its locale, and only gives it new text
// (another locale reopens it: 0.007 ms for a line iterator); a thread that ends closes its
// own (the main thread's last until the process ends).
enum { kinds = 3 };

typedef struct {
    UBreakIterator *iterator[kinds];
    char locale[kinds][32];
} Cache;

static pthread_key_t cacheKey;
static pthread_once_t cacheOnce = PTHREAD_ONCE_INIT;

static void closeCache(void *pointer) {
    Cache *cache = pointer;
    for (int kind = 0; kind < kinds; kind++) {
        if (cache->iterator[kind] != NULL) {
            ubrk_close(cache->iterator[kind]);
        }
    }
    free(cache);
}

static void makeKey(void) {
    pthread_key_create(&cacheKey, closeCache);
}

/// The calling thread's iterator of `type` for `locale`, set to `text`; NULL when ICU fails.
/// `kept` says whether the thread keeps it (else the caller closes it).
static UBreakIterator *iterator(int kind, UBreakIteratorType type, const char *locale, const UChar *text, int32_t length,
                                int *kept) {
    *kept = 0;
    pthread_once(&cacheOnce, makeKey);
    Cache *cache = pthread_getspecific(cacheKey);
    if (cache == NULL) {
        cache = calloc(1, sizeof(Cache));
        if (cache == NULL || pthread_setspecific(cacheKey, cache) != 0) {
            free(cache);
            cache = NULL;
        }
    }
    UErrorCode status = U_ZERO_ERROR;
    // A locale too long to remember is opened every time rather than cached wrongly.
    int cacheable = cache != NULL && strlen(locale) < sizeof(cache->locale[kind]);
    if (cacheable && cache->iterator[kind] != NULL && strcmp(cache->locale[kind], locale) == 0) {
        ubrk_setText(cache->iterator[kind], text, length, &status);
        if (U_SUCCESS(status)) {
            *kept = 1;
            return cache->iterator[kind];
        }
        // An iterator ICU refused new text is not kept: opened afresh below.
        ubrk_close(cache->iterator[kind]);
        cache->iterator[kind] = NULL;
        status = U_ZERO_ERROR;
    }
    UBreakIterator *it = ubrk_open(type, locale, text, length, &status);
    if (U_FAILURE(status)) {
        return NULL;
    }
    if (cacheable) {
        if (cache->iterator[kind] != NULL) {
            ubrk_close(cache->iterator[kind]);
        }
        cache->iterator[kind] = it;
        strcpy(cache->locale[kind], locale);
        *kept = 1;
    }
    return it;
}

static int32_t breaks(int kind, UBreakIteratorType type, const uint16_t *text, int32_t length, const char *locale,
                      int32_t *out, int32_t capacity) {
    int kept;
    UBreakIterator *it = iterator(kind, type, locale, (const UChar *)text, length, &kept);
    if (it == NULL) {
        return -1;
    }
    int32_t count = 0;
    for (int32_t pos = ubrk_following(it, 0); pos != UBRK_DONE; pos = ubrk_next(it)) {
        if (count < capacity) {
            out[count] = pos;
        }
        count++;
    }
    if (!kept) {
        ubrk_close(it);
    }
    return count;
}

int32_t mk_line_breaks(const uint16_t *text, int32_t length, const char *locale,
                       int32_t *out, int32_t capacity) {
    return breaks(0, UBRK_LINE, text, length, locale, out, capacity);
}

int32_t mk_word_breaks(const uint16_t *text, int32_t length, const char *locale,
                       int32_t *out, int32_t capacity) {
    return breaks(1, UBRK_WORD, text, length, locale, out, capacity);
}

int32_t mk_sentence_breaks(const uint16_t *text, int32_t length, const char *locale,
                           int32_t *out, int32_t capacity) {
    return breaks(2, UBRK_SENTENCE, text, length, locale, out, capacity);
}
