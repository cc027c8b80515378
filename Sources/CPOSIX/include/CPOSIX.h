#ifndef MACHINAKA_CPOSIX_H
#define MACHINAKA_CPOSIX_H

#include <stdint.h>

/// openat2(2) with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS: opens `path` relative to the folder
/// `dirfd` only if every step of its resolution, links included, stays inside that folder.
/// glibc 2.36 has no wrapper for it, and Swift cannot call the variadic syscall(2).
/// Returns the descriptor, or -1 with errno set (ENOSYS on kernels before 5.6, EXDEV when the
/// path leads out of the folder, ELOOP for a link loop).
int mk_open_beneath(int dirfd, const char *path, int flags);

/// Opens a folder as a path only (O_PATH | O_DIRECTORY | O_CLOEXEC), to resolve names beneath
/// it; O_PATH is a GNU extension Swift's Glibc module does not export.
int mk_open_folder(const char *path);

/// Asks the kernel to send this process SIGTERM when the thread that started it ends
/// (prctl(PR_SET_PDEATHSIG), variadic in C), then checks the parent did not end already.
/// Returns 0, or -1 with errno set (ESRCH: the parent is gone).
int mk_exit_with_parent(void);

/// accept4(2) with SOCK_CLOEXEC, and pipe2(2) with O_CLOEXEC | O_NONBLOCK: GNU extensions
/// Swift's Glibc module does not export. Each returns what the call does (-1 with errno set).
int mk_accept_cloexec(int socket);
int mk_pipe_cloexec(int ends[2]);

/// The calling thread's id (gettid(2); Swift's Glibc module does not export glibc's wrapper).
int mk_gettid(void);

#endif
