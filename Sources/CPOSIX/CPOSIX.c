#define _GNU_SOURCE
#include "CPOSIX.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <unistd.h>

int mk_open_beneath(int dirfd, const char *path, int flags) {
#ifdef SYS_openat2
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (uint64_t)flags;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
#else
    (void)dirfd; (void)path; (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

int mk_open_folder(const char *path) {
    int fd;
    do {
        fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

int mk_exit_with_parent(void) {
    pid_t parent = getppid();
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) return -1;
    // The parent may have ended before the request was made: then no signal will come.
    if (parent == 1 || getppid() != parent) {
        errno = ESRCH;
        return -1;
    }
    return 0;
}

int mk_accept_cloexec(int socket) {
    return accept4(socket, NULL, NULL, SOCK_CLOEXEC);
}

int mk_pipe_cloexec(int ends[2]) {
    return pipe2(ends, O_CLOEXEC | O_NONBLOCK);
}

int mk_gettid(void) {
    return (int)syscall(SYS_gettid);
}
