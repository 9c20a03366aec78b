/*
 * The native reference: the least a server on this kernel must do to speak the dispatcher's connection
 * modes. One thread, one level-triggered epoll set, 127.0.0.1 only. Every `get` is answered with a fixed
 * `127.0.0.1:7000\n`; a connection is one-shot (its first command, `\n` or not, is answered, then closed)
 * until `session` keeps it open, then every line is answered, all replies of one read in one write.
 *
 *   refserver --port=0 --max-lifetime=900    prints `READY ref 127.0.0.1:PORT pid=PID`, serves until
 *                                            SIGTERM or the lifetime (seconds) is up
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_FD 65536
#define LINE_MAX_BYTES 256
#define OUT_MAX 65536

static const char ENDPOINT[] = "127.0.0.1:7000\n";
static const char SESSION_OK[] = "OK session\n";
static const char UNKNOWN[] = "ERR unknown command\n";

struct conn {
    int session;
    int line_len;
    char line[LINE_MAX_BYTES];
    int out_len;  /* replies not yet written: only when the socket buffer was full */
    char *out;
};

static struct conn *conns[MAX_FD];
static int epfd;

static void drop(int fd) {
    if (conns[fd]) {
        free(conns[fd]->out);
        free(conns[fd]);
        conns[fd] = NULL;
    }
    close(fd);
}

static const char *answer(struct conn *c, const char *line, int len) {
    if (len > 0 && line[len - 1] == '\r') len--;
    if (len == 3 && memcmp(line, "get", 3) == 0) return ENDPOINT;
    if (!c->session && len == 7 && memcmp(line, "session", 7) == 0) {
        c->session = 1;
        return SESSION_OK;
    }
    return UNKNOWN;
}

/** Writes out[0..len) now, keeping what the socket will not take; -1 when the connection is gone. */
static int flush_out(int fd, struct conn *c, const char *data, int len) {
    while (len > 0) {
        ssize_t n = write(fd, data, (size_t)len);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno != EAGAIN) return -1;
            if (!c->out) c->out = malloc(OUT_MAX);
            if (c->out_len + len > OUT_MAX) return -1;
            memmove(c->out + c->out_len, data, (size_t)len);
            c->out_len += len;
            struct epoll_event ev = {.events = EPOLLOUT, .data.fd = fd}; /* stop reading until drained */
            epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
            return 0;
        }
        data += n;
        len -= (int)n;
    }
    return 0;
}

static void on_readable(int fd) {
    struct conn *c = conns[fd];
    char in[16384], out[16384 * 5];
    ssize_t n = read(fd, in, sizeof in);
    if (n <= 0) {
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
        drop(fd);
        return;
    }
    int out_len = 0;
    for (ssize_t i = 0; i < n; i++) {
        if (in[i] != '\n') {
            if (c->line_len == LINE_MAX_BYTES) { drop(fd); return; }
            c->line[c->line_len++] = in[i];
            continue;
        }
        const char *reply = answer(c, c->line, c->line_len);
        c->line_len = 0;
        int len = (int)strlen(reply);
        if (out_len + len > (int)sizeof out) {
            if (flush_out(fd, c, out, out_len) < 0) { drop(fd); return; }
            out_len = 0;
        }
        memcpy(out + out_len, reply, (size_t)len);
        out_len += len;
        if (!c->session) break;
    }
    if (!c->session && out_len == 0 && c->line_len > 0) { /* the original clients' unterminated command */
        const char *reply = answer(c, c->line, c->line_len);
        c->line_len = 0;
        out_len = (int)strlen(reply);
        memcpy(out, reply, (size_t)out_len);
    }
    if (out_len > 0 && flush_out(fd, c, out, out_len) < 0) { drop(fd); return; }
    if (!c->session && out_len > 0) drop(fd); /* one-shot: answered, closed */
}

static void on_writable(int fd) {
    struct conn *c = conns[fd];
    int len = c->out_len;
    c->out_len = 0;
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
    epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
    if (flush_out(fd, c, c->out, len) < 0) drop(fd);
}

int main(int argc, char **argv) {
    int port = 0;
    long lifetime = 900;
    for (int i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "--port=", 7)) port = atoi(argv[i] + 7);
        else if (!strncmp(argv[i], "--max-lifetime=", 15)) lifetime = atol(argv[i] + 15);
        else { fprintf(stderr, "refserver: unknown argument %s\n", argv[i]); return 2; }
    }
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, 1024) < 0) {
        perror("refserver: bind");
        return 1;
    }
    socklen_t alen = sizeof addr;
    getsockname(lfd, (struct sockaddr *)&addr, &alen);
    epfd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event lev = {.events = EPOLLIN, .data.fd = lfd};
    epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &lev);
    printf("READY ref 127.0.0.1:%d pid=%d\n", ntohs(addr.sin_port), getpid());
    fflush(stdout);
    time_t end = time(NULL) + lifetime;
    struct epoll_event events[256];
    while (time(NULL) < end) {
        int n = epoll_wait(epfd, events, 256, 1000);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == lfd) {
                int cfd;
                while ((cfd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                    if (cfd >= MAX_FD) { close(cfd); continue; }
                    setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    conns[cfd] = calloc(1, sizeof(struct conn));
                    struct epoll_event ev = {.events = EPOLLIN, .data.fd = cfd};
                    epoll_ctl(epfd, EPOLL_CTL_ADD, cfd, &ev);
                }
            } else if (conns[fd]) {
                if (events[i].events & EPOLLOUT) on_writable(fd);
                else on_readable(fd);
            }
        }
    }
    return 0;
}
