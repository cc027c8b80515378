// Only here for pkg-config's flags and libraries: Swift never calls xmlsec directly, the
// CSignature target does (its C names are macros Swift cannot import).
#include <stddef.h>
