/*
 * Closed-loop load generator for the dispatcher protocol, in C so that it is never the bottleneck: one
 * process, one thread, one epoll set, no allocation after start, towards 127.0.0.1 only.
 *
 * Modes (the same as gamegrid.bench.LoadGenerator, which it replaces when gcc is present):
 *   short       a new connection per `get`: connect, send `get` (with `\n`, or without with --bare), read
 *               the reply, read until the server closes, close; --concurrency such in flight. Latency is
 *               from connect() to the reply's line end.
 *   persistent  --concurrency `session` connections, one `get` in flight on each.
 *   pipelined   --concurrency `session` connections, --depth `get`s in flight on each.
 *
 * Warm-up (not counted), then a window of --duration seconds, then at most 2 s for replies in flight.
 * Prints a human summary and one `RESULT key=value ...` line (the fields gamegrid.bench.BenchSummary reads),
 * including its OWN CPU use over the window (getrusage), so a run shows whether the generator had headroom.
 *
 *   loadgen --port=6000 --mode=short --concurrency=64 --warmup=3 --duration=5 --server-pid=1234 --label=x
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum mode { SHORT, PERSISTENT, PIPELINED };
enum phase { WARMUP, MEASURE, STOPPED };
enum state { CONNECTING, AWAIT_SESSION, RUNNING, AWAIT_CLOSE };

#define MAX_DEPTH 256
#define MAX_CONNS 4096
#define DRAIN_NS 2000000000LL

/* Log-linear histogram in nanoseconds: exact below 128, then 64 buckets per power of two (<= 1.6 % high). */
#define SUB_BITS 6
#define SUB_COUNT (1 << SUB_BITS)
#define BUCKETS ((63 - SUB_BITS) * SUB_COUNT + 2 * SUB_COUNT)
static uint64_t hist[BUCKETS];
static uint64_t hist_total, hist_max;

static int bucket_of(uint64_t v) {
    if (v < 2 * SUB_COUNT) return (int)v;
    int exponent = 63 - __builtin_clzll(v);
    int shift = exponent - SUB_BITS;
    return shift * SUB_COUNT + (int)(v >> shift);
}

static uint64_t bucket_high(int index) {
    if (index < 2 * SUB_COUNT) return (uint64_t)index;
    int shift = (index >> SUB_BITS) - 1;
    uint64_t top = (uint64_t)(index & (SUB_COUNT - 1)) + SUB_COUNT;
    return ((top + 1) << shift) - 1;
}

static void hist_record(int64_t ns) {
    uint64_t v = ns < 0 ? 0 : (uint64_t)ns;
    hist[bucket_of(v)]++;
    hist_total++;
    if (v > hist_max) hist_max = v;
}

/** The highest value of the bucket holding quantile q: never an under-estimate. */
static uint64_t hist_quantile(double q) {
    if (hist_total == 0) return 0;
    uint64_t rank = (uint64_t)(q * (double)hist_total + 0.999999);
    if (rank < 1) rank = 1;
    uint64_t seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
        seen += hist[i];
        if (seen >= rank) return bucket_high(i) < hist_max ? bucket_high(i) : hist_max;
    }
    return hist_max;
}

struct conn {
    int fd;
    enum state state;
    int in_flight, head;
    int line_len, line_is_error;
    int64_t sent_at[MAX_DEPTH];
};

static enum mode mode = PERSISTENT;
static int concurrency = 64, depth = 1, bare;
static double warmup_s = 3, duration_s = 5;
static int port = 6000;
static long server_pid;
static const char *label = "server";
static int epfd;
static enum phase phase = WARMUP;
static struct sockaddr_in target;
static struct conn conns[MAX_CONNS];
static uint64_t measured, measured_errors, total_errors, warmup_done, open_conns;
static char first_error[160];
static const char GET_LINE[] = "get\n";
static char get_batch[4 * MAX_DEPTH];

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/** CPU time of this process so far, in ns: user (the generator's own code) into *user, user + system returned. */
static int64_t self_cpu_ns(int64_t *user) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *user = (int64_t)ru.ru_utime.tv_sec * 1000000000LL + (int64_t)ru.ru_utime.tv_usec * 1000LL;
    return *user + (int64_t)ru.ru_stime.tv_sec * 1000000000LL + (int64_t)ru.ru_stime.tv_usec * 1000LL;
}

/** utime + stime of a process from /proc/PID/stat, in ns; -1 when unreadable. */
static int64_t proc_cpu_ns(long pid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    unsigned long long utime, stime;
    /* fields after the command: state(3) ... utime(14) stime(15) */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) return -1;
    return (int64_t)(utime + stime) * (1000000000LL / sysconf(_SC_CLK_TCK));
}

/** Busy time of all cores since boot (everything but idle and iowait), in ns. */
static int64_t machine_busy_ns(void) {
    FILE *f = fopen("/proc/stat", "r");
    if (!f) return -1;
    unsigned long long v[8] = {0};
    int got = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
                     &v[6], &v[7]);
    fclose(f);
    if (got < 8) return -1;
    return (int64_t)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) * (1000000000LL / sysconf(_SC_CLK_TCK));
}

static void failed(const char *what) {
    total_errors++;
    if (phase == MEASURE) measured_errors++;
    if (!first_error[0]) snprintf(first_error, sizeof first_error, "%s", what);
}

static void completed(int64_t sent_at, int64_t now) {
    if (phase == MEASURE) {
        measured++;
        hist_record(now - sent_at);
    } else if (phase == WARMUP) {
        warmup_done++;
    }
}

static void close_conn(struct conn *c) {
    if (c->fd >= 0) {
        close(c->fd); /* also leaves the epoll set */
        c->fd = -1;
        open_conns--;
    }
}

static void open_conn(struct conn *c) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        failed("socket");
        c->fd = -1;
        return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->fd = fd;
    c->state = CONNECTING;
    c->in_flight = c->head = c->line_len = c->line_is_error = 0;
    c->sent_at[0] = now_ns();
    open_conns++;
    if (connect(fd, (struct sockaddr *)&target, sizeof target) < 0 && errno != EINPROGRESS) {
        failed("connect failed at once");
        close_conn(c);
        return;
    }
    struct epoll_event ev = {.events = EPOLLOUT | EPOLLIN, .data.ptr = c};
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

static int send_all(struct conn *c, const char *data, size_t len) {
    while (len > 0) {
        ssize_t n = write(c->fd, data, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1; /* a few bytes never fill a loopback socket buffer: EAGAIN here is a failure too */
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/** Tops a session up to `depth` gets in flight with one write. */
static void top_up(struct conn *c) {
    if (phase == STOPPED) return;
    int n = depth - c->in_flight;
    if (n <= 0) return;
    int64_t t = now_ns();
    for (int i = 0; i < n; i++) c->sent_at[(c->head + c->in_flight + i) % depth] = t;
    c->in_flight += n;
    if (send_all(c, get_batch, (size_t)n * 4) < 0) {
        failed("write failed");
        close_conn(c);
    }
}

static void on_writable(struct conn *c) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) {
        char what[80];
        snprintf(what, sizeof what, "connect: %s", strerror(err));
        failed(what);
        close_conn(c);
        return;
    }
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
    if (mode == SHORT) {
        c->state = RUNNING;
        c->in_flight = 1;
        if (send_all(c, GET_LINE, bare ? 3 : 4) < 0) {
            failed("write failed");
            close_conn(c);
        }
    } else {
        c->state = AWAIT_SESSION;
        if (send_all(c, "session\n", 8) < 0) {
            failed("write failed");
            close_conn(c);
        }
    }
}

/** Counts reply lines; returns how many, and how many of them were errors (a line starting `ERR` or empty). */
static int scan(struct conn *c, const char *buf, ssize_t n, int *errors) {
    int lines = 0;
    for (ssize_t i = 0; i < n; i++) {
        char b = buf[i];
        if (b == '\n') {
            if (c->line_is_error || c->line_len == 0) (*errors)++;
            lines++;
            c->line_len = 0;
            c->line_is_error = 0;
        } else {
            if (c->line_len == 0 && b == 'E') c->line_is_error = 1;
            c->line_len++;
        }
    }
    return lines;
}

static void on_readable(struct conn *c) {
    char buf[65536];
    for (;;) {
        ssize_t n = read(c->fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EAGAIN) return;
            if (errno == EINTR) continue;
            if (mode == SHORT && c->state == AWAIT_CLOSE) { /* a reset after the reply still counts as closed */
                close_conn(c);
                return;
            }
            failed(strerror(errno));
            close_conn(c);
            return;
        }
        if (n == 0) {
            if (mode == SHORT) {
                if (c->state != AWAIT_CLOSE && phase != STOPPED) failed("closed without a reply");
            } else if (phase != STOPPED) {
                failed("session closed by the server");
            }
            close_conn(c);
            return;
        }
        int64_t t = now_ns();
        int errors = 0;
        int lines = scan(c, buf, n, &errors);
        if (mode == SHORT) {
            if (lines > 0 && c->state == RUNNING) {
                c->state = AWAIT_CLOSE;
                if (errors) failed("ERR reply");
                else completed(c->sent_at[0], t);
            }
            continue; /* read on until the server closes */
        }
        if (c->state == AWAIT_SESSION && lines > 0) {
            lines--;
            if (errors) {
                failed("session refused");
                close_conn(c);
                return;
            }
            c->state = RUNNING;
        }
        for (int i = 0; i < lines && c->in_flight > 0; i++) {
            if (i < errors) failed("ERR reply");
            else completed(c->sent_at[c->head], t);
            c->head = (c->head + 1) % depth;
            c->in_flight--;
        }
        if (c->state == RUNNING) top_up(c);
    }
}

static int parse_args(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        char *a = argv[i], *eq = strchr(a, '=');
        if (strncmp(a, "--", 2) != 0 || !eq) {
            fprintf(stderr, "loadgen: bad argument '%s': use --key=value\n", a);
            return -1;
        }
        *eq = 0;
        const char *k = a + 2, *v = eq + 1;
        if (!strcmp(k, "port")) port = atoi(v);
        else if (!strcmp(k, "mode")) {
            if (!strcmp(v, "short")) mode = SHORT;
            else if (!strcmp(v, "persistent")) mode = PERSISTENT;
            else if (!strcmp(v, "pipelined")) mode = PIPELINED;
            else { fprintf(stderr, "loadgen: unknown mode %s\n", v); return -1; }
        } else if (!strcmp(k, "concurrency")) concurrency = atoi(v);
        else if (!strcmp(k, "depth")) depth = atoi(v);
        else if (!strcmp(k, "warmup")) warmup_s = atof(v);
        else if (!strcmp(k, "duration")) duration_s = atof(v);
        else if (!strcmp(k, "server-pid")) server_pid = atol(v);
        else if (!strcmp(k, "label")) label = v;
        else if (!strcmp(k, "bare")) bare = atoi(v);
        else { fprintf(stderr, "loadgen: unknown option --%s\n", k); return -1; }
    }
    if (mode != PIPELINED) depth = 1;
    if (concurrency < 1 || concurrency > MAX_CONNS || depth < 1 || depth > MAX_DEPTH || duration_s <= 0
        || duration_s > 600 || warmup_s < 0 || warmup_s > 600 || port < 1 || port > 65535) {
        fprintf(stderr, "loadgen: concurrency 1..%d, depth 1..%d, duration 0..600 s, port 1..65535\n", MAX_CONNS,
                MAX_DEPTH);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (parse_args(argc, argv) < 0) return 2;
    for (int i = 0; i < MAX_DEPTH; i++) memcpy(get_batch + 4 * i, GET_LINE, 4);
    target.sin_family = AF_INET;
    target.sin_port = htons((uint16_t)port);
    target.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only, by design */
    epfd = epoll_create1(EPOLL_CLOEXEC);
    static const char *names[] = {"short", "persistent", "pipelined"};
    printf("loadgen %s -> 127.0.0.1:%d mode=%s concurrency=%d depth=%d warmup=%.1fs duration=%.1fs%s (C, epoll)\n",
           label, port, names[mode], concurrency, depth, warmup_s, duration_s, bare ? " bare get" : "");
    fflush(stdout);

    for (int i = 0; i < concurrency; i++) open_conn(&conns[i]);
    int64_t start = now_ns();
    int64_t window_start_at = start + (int64_t)(warmup_s * 1e9);
    int64_t window_end_at = window_start_at + (int64_t)(duration_s * 1e9);
    int64_t t0 = 0, t1 = 0, srv0 = -1, srv1 = -1, me0 = 0, me1 = 0, user0 = 0, user1 = 0, busy0 = -1, busy1 = -1;
    struct epoll_event events[256];
    for (;;) {
        int64_t t = now_ns();
        if (phase == WARMUP && t >= window_start_at) {
            phase = MEASURE;
            me0 = self_cpu_ns(&user0);
            busy0 = machine_busy_ns();
            srv0 = server_pid ? proc_cpu_ns(server_pid) : -1;
            t0 = now_ns();
        }
        if (phase == MEASURE && t >= window_end_at) {
            phase = STOPPED;
            t1 = now_ns();
            srv1 = server_pid ? proc_cpu_ns(server_pid) : -1;
            me1 = self_cpu_ns(&user1);
            busy1 = machine_busy_ns();
        }
        if (phase == STOPPED) {
            int busy = 0;
            for (int i = 0; i < concurrency; i++) {
                if (conns[i].fd >= 0 && (mode == SHORT ? conns[i].state != AWAIT_CLOSE : conns[i].in_flight > 0)) busy = 1;
            }
            if (!busy || t >= t1 + DRAIN_NS) break;
        }
        int timeout_ms = phase == STOPPED ? 10 : (int)(((phase == WARMUP ? window_start_at : window_end_at) - t) / 1000000) + 1;
        int n = epoll_wait(epfd, events, 256, timeout_ms);
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            if (c->fd < 0) continue;
            if (c->state == CONNECTING) {
                if (events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) on_writable(c);
                continue;
            }
            on_readable(c);
        }
        if (phase != STOPPED) { /* replace closed connections: short mode's next get, or a failed session */
            for (int i = 0; i < n; i++) {
                struct conn *c = events[i].data.ptr;
                if (c->fd < 0 && (mode == SHORT || phase == WARMUP)) open_conn(c);
            }
        }
    }
    for (int i = 0; i < concurrency; i++) close_conn(&conns[i]);

    double seconds = (double)(t1 - t0) / 1e9;
    double rps = seconds > 0 ? (double)measured / seconds : 0;
    double server_ns = srv0 >= 0 && srv1 >= 0 ? (double)(srv1 - srv0) : -1;
    double me_ns = (double)(me1 - me0);
    double server_pct = server_ns >= 0 ? 100 * server_ns / 1e9 / seconds : -1;
    double me_pct = 100 * me_ns / 1e9 / seconds;
    double me_user_pct = 100 * (double)(user1 - user0) / 1e9 / seconds;
    double other_pct = server_ns >= 0 && busy0 >= 0 && busy1 >= 0
                           ? 100 * ((double)(busy1 - busy0) - server_ns - me_ns) / 1e9 / seconds : -1;
    if (other_pct < 0 && server_ns >= 0) other_pct = 0;
    double us_per_req = server_ns >= 0 && measured > 0 ? server_ns / 1e3 / (double)measured : -1;
    double p50 = hist_quantile(0.50) / 1e3, p99 = hist_quantile(0.99) / 1e3, p999 = hist_quantile(0.999) / 1e3;
    double max = hist_max / 1e3;
    printf("  %s %s: %.0f req/s over %.2fs (%llu requests, %llu warm-up), errors=%llu\n", label, names[mode], rps,
           seconds, (unsigned long long)measured, (unsigned long long)warmup_done, (unsigned long long)measured_errors);
    printf("  latency us: p50=%.0f p99=%.0f p99.9=%.0f max=%.0f\n", p50, p99, p999, max);
    printf("  server cpu: %.1f%% of a core, %.2f us/request; load generator cpu: %.1f%% (its own code %.1f%%, the "
           "rest the kernel's TCP work for both ends of loopback)%s; everything else on the machine: %.1f%% of a core\n",
           server_pct, us_per_req, me_pct, me_user_pct,
           me_pct > 90 ? " (load generator's core saturated: the figure may be a lower bound)" : "", other_pct);
    if (first_error[0]) printf("  first error: %s (%llu errors in all)\n", first_error, (unsigned long long)total_errors);
    printf("RESULT label=%s mode=%s concurrency=%d depth=%d seconds=%.3f requests=%llu rps=%.0f errors=%llu "
           "p50us=%.1f p99us=%.1f p999us=%.1f maxus=%.1f serverCpuPct=%.1f serverUsPerReq=%.3f clientCpuPct=%.1f "
           "clientUserPct=%.1f otherCpuPct=%.1f\n", label, names[mode], concurrency, depth, seconds,
           (unsigned long long)measured, rps, (unsigned long long)measured_errors, p50, p99, p999, max, server_pct,
           us_per_req, me_pct, me_user_pct, other_pct);
    return measured > 0 ? 0 : 1;
}
