// Shim for libedit: Swift cannot call C variadic functions (el_set, el_get,
// history) nor read C mutable globals (stdout), so this header wraps the few
// calls defuse needs in plain static inline functions.
#ifndef DEFUSE_CLIBEDIT_SHIM_H
#define DEFUSE_CLIBEDIT_SHIM_H

#include <histedit.h>
#include <stdio.h>
#include <stdlib.h>
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <errno.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <termios.h>
#include <string.h>
#include <wchar.h>

typedef char *(*defuse_prompt_fn)(EditLine *);
typedef unsigned char (*defuse_command_fn)(EditLine *, int);

static inline FILE *defuse_stdin(void) { return stdin; }
static inline FILE *defuse_stdout(void) { return stdout; }
static inline FILE *defuse_stderr(void) { return stderr; }

static inline void defuse_setlocale_ctype(void) { setlocale(LC_CTYPE, ""); }

// Locale: libedit decodes every string it is given (the prompt, el_insertstr)
// with mbstowcs in the LC_CTYPE locale, and a string that does not decode
// becomes NULL, which it then dereferences: a "›" in the prompt crashed
// defuse under LANG=C. So the Swift side checks the codeset and gives libedit
// only what decodes: ASCII stand-ins for the prompt, no insertion otherwise.
static inline int defuse_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

static inline int defuse_el_set_prompt(EditLine *e, defuse_prompt_fn fn) {
    return el_set(e, EL_PROMPT, fn);
}
static inline int defuse_el_set_editor(EditLine *e, const char *mode) {
    return el_set(e, EL_EDITOR, mode);
}
static inline int defuse_el_set_signal(EditLine *e, int on) {
    return el_set(e, EL_SIGNAL, on);
}
static inline int defuse_el_set_history(EditLine *e, History *h) {
    return el_set(e, EL_HIST, history, h);
}
static inline int defuse_el_set_clientdata(EditLine *e, void *data) {
    return el_set(e, EL_CLIENTDATA, data);
}
static inline void *defuse_el_get_clientdata(EditLine *e) {
    void *data = NULL;
    if (el_get(e, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}
// el_set(EL_ADDFN) copies the name and help with wcsdup and never frees them
// (libedit's eln.c: "XXX: The two strdup's leak"), which LeakSanitizer
// reports. el_wset keeps the pointers it is given, so the wide strings live
// in static storage here: up to four functions (defuse adds one).
static inline int defuse_el_add_function(EditLine *e, const char *name, const char *help, defuse_command_fn fn) {
    static wchar_t names[4][64], helps[4][160];
    static int used = 0;
    if (used >= 4) return -1;
    if (mbstowcs(names[used], name, 63) == (size_t)-1) return -1;
    if (mbstowcs(helps[used], help, 159) == (size_t)-1) return -1;
    names[used][63] = 0;
    helps[used][159] = 0;
    int rc = el_wset(e, EL_ADDFN, names[used], helps[used], fn);
    used += 1;
    return rc;
}
static inline int defuse_el_bind(EditLine *e, const char *key, const char *name) {
    return el_set(e, EL_BIND, key, name, NULL);
}
static inline int defuse_el_refresh(EditLine *e) {
    return el_set(e, EL_REFRESH);
}

static inline int defuse_history_setsize(History *h, int size) {
    HistEvent ev; return history(h, &ev, H_SETSIZE, size);
}
static inline int defuse_history_setunique(History *h, int unique) {
    HistEvent ev; return history(h, &ev, H_SETUNIQUE, unique);
}
static inline int defuse_history_enter(History *h, const char *line) {
    HistEvent ev; return history(h, &ev, H_ENTER, line);
}
// The history file is read and written by defuse itself (DefuseCLI's
// History: libedit's _HiStOrY_V2_ format, merged with what other sessions
// saved meanwhile, written atomically with mode 0600). H_LOAD and H_SAVE are
// not used: H_SAVE rewrites the file in place, so two sessions that quit
// one after the other would keep only the second one's lines.

/// Terminal columns of fd, or 0 when unknown.
static inline int defuse_terminal_columns(int fd) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 0;
}

// Signals: tiny handlers that only record which signal came. Installed
// without SA_RESTART, so a blocking read returns EINTR and the REPL can
// cancel the line (SIGINT) or save history and leave (SIGTERM, SIGHUP).
static volatile sig_atomic_t defuse_pending_signal = 0;

static void defuse_record_signal(int sig) { defuse_pending_signal = sig; }

static inline void defuse_install_signal_handlers(void) {
    struct sigaction sa;
    sa.sa_handler = defuse_record_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    // A parent may have started us with these blocked; we rely on them.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGWINCH);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/// libedit's own read function retries a read() that a signal interrupted
/// (read__fixio treats EINTR as "try again" once), so a Ctrl-C, SIGTERM or
/// SIGHUP at the prompt was sometimes swallowed and the line not cancelled.
/// This one returns -1 (EINTR) whenever a signal is recorded, before or
/// during the read: el_gets then gives back NULL with a count of -1.
static inline int defuse_read_char(EditLine *e, wchar_t *wc) {
    (void)e;
    char buf[8];
    size_t n = 0;
    sigset_t block, orig;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    for (;;) {
        /* Check for a recorded signal and start waiting in one atomic step:
           the signals stay blocked between the check and pselect, which
           unblocks them only while it waits. A signal can no longer slip in
           between the check and a blocking read and be swallowed. */
        sigprocmask(SIG_BLOCK, &block, &orig);
        if (defuse_pending_signal != 0) {
            sigprocmask(SIG_SETMASK, &orig, NULL);
            errno = EINTR;
            return -1;
        }
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(STDIN_FILENO, &fds);
        int ready = pselect(STDIN_FILENO + 1, &fds, NULL, NULL, NULL, &orig);
        int saved = errno;
        sigprocmask(SIG_SETMASK, &orig, NULL);
        if (ready < 0) {
            if (saved == EINTR) continue;  /* the check above decides */
            errno = saved;
            return -1;
        }
        ssize_t r = read(STDIN_FILENO, buf + n, 1);
        if (r == 0) return 0;
        if (r < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return -1;
        }
        n += 1;
        mbstate_t state;
        memset(&state, 0, sizeof state);
        size_t k = mbrtowc(wc, buf, n, &state);
        if (k == (size_t)-2 && n < sizeof buf) continue;  /* more bytes to come */
        if (k == (size_t)-1 || k == (size_t)-2) *wc = (wchar_t)(unsigned char)buf[0];
        return 1;
    }
}

static inline int defuse_el_set_read_char(EditLine *e) {
    return el_wset(e, EL_GETCFN, defuse_read_char);
}

/// The signal received since the last call (0 for none), cleared.
static inline int defuse_take_signal(void) {
    int s = defuse_pending_signal;
    defuse_pending_signal = 0;
    return s;
}

static inline int defuse_peek_signal(void) { return defuse_pending_signal; }

static inline int defuse_errno(void) { return errno; }

#endif
