#ifndef POLICY_ADVISOR_CLIBEDIT_SHIM_H
#define POLICY_ADVISOR_CLIBEDIT_SHIM_H

// The few libedit calls the REPL needs, as fixed-argument functions Swift can call.
// el_set, el_get and history are C-variadic, which Swift cannot call ("Variadic function is
// unavailable"); each wrapper below exists for that reason. Glibc's stdin/stdout/stderr are
// rejected by Swift 6 as shared mutable state, so el_init is wrapped here too.

#include <histedit.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

// ---- The prompt: libedit calls a C function for it, which cannot capture Swift state, so the
// text lives in a C buffer. Only the REPL's thread touches it.
static char pa_prompt_buffer[256] = "> ";

static inline char *pa_prompt(EditLine *el) {
    (void)el;
    return pa_prompt_buffer;
}

static inline void pa_set_prompt_text(const char *text) {
    strncpy(pa_prompt_buffer, text, sizeof pa_prompt_buffer - 1);
    pa_prompt_buffer[sizeof pa_prompt_buffer - 1] = '\0';
}

// ---- Ctrl-C: a handler that only records the interrupt. It is installed without SA_RESTART so
// that a read in el_gets returns, and the REPL abandons the line instead of quitting.
static volatile sig_atomic_t pa_interrupted = 0;

static inline void pa_sigint_handler(int sig) {
    (void)sig;
    pa_interrupted = 1;
}

static inline void pa_install_sigint(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = pa_sigint_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
}

// Returns 1 (and clears the flag) if Ctrl-C was pressed since the last call.
static inline int pa_take_interrupt(void) {
    int was = pa_interrupted;
    pa_interrupted = 0;
    return was;
}

// ---- The locale. libedit reads multibyte text only when the character type is UTF-8: in the C
// locale (LANG=C, LC_ALL=C, or none set) it drops every non-ASCII byte, so "café" arrives as
// "caf". The advisor's own output is UTF-8 whatever the locale, so when the user's locale is not,
// the character type alone is switched to an installed UTF-8 locale. Returns 1 if the character
// type is UTF-8 afterwards, 0 if no UTF-8 locale is installed.
static inline int pa_codeset_is_utf8(void) {
    const char *c = nl_langinfo(CODESET);
    return c != NULL && (strcmp(c, "UTF-8") == 0 || strcmp(c, "utf8") == 0);
}

static inline int pa_use_utf8_ctype(void) {
    setlocale(LC_ALL, "");
    if (pa_codeset_is_utf8()) return 1;
    static const char *candidates[] = {"C.UTF-8", "C.utf8", "en_GB.UTF-8", "en_US.UTF-8"};
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        if (setlocale(LC_CTYPE, candidates[i]) != NULL && pa_codeset_is_utf8()) return 1;
    }
    return 0;
}

// ---- EditLine setup. el_init needs the C stdio streams.
static inline EditLine *pa_el_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

static inline void pa_el_setup(EditLine *el, History *h, void *clientdata) {
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_SIGNAL, 1);
    el_set(el, EL_PROMPT, pa_prompt);
    el_set(el, EL_HIST, history, h);
    el_set(el, EL_CLIENTDATA, clientdata);
}

// Puts the terminal into libedit's editing (raw) mode now. el_gets on its own draws the prompt
// first and switches modes only at its first read, so a key typed as the prompt appears met the
// cooked line discipline: a Ctrl-D there became an end-of-file mark that the switch then lost.
static inline void pa_el_prepare_terminal(EditLine *el) {
    el_set(el, EL_PREP_TERM, 1);
}

typedef unsigned char (*pa_el_function)(EditLine *, int);

// Adds a named editor function and binds it to a key (used for Tab completion).
static inline void pa_el_bind_function(EditLine *el, const char *name, const char *help, pa_el_function fn, const char *key) {
    el_set(el, EL_ADDFN, name, help, fn);
    el_set(el, EL_BIND, key, name, NULL);
}

static inline void *pa_el_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

// ---- History.
static inline History *pa_history_init(int size) {
    History *h = history_init();
    if (h == NULL) return NULL;
    HistEvent ev;
    history(h, &ev, H_SETSIZE, size);
    history(h, &ev, H_SETUNIQUE, 1);
    return h;
}

static inline int pa_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}

static inline int pa_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}

// Walks the history from the newest entry (first = 1) to older ones (first = 0); NULL at the end.
static inline const char *pa_history_walk(History *h, int first) {
    HistEvent ev;
    if (history(h, &ev, first ? H_FIRST : H_NEXT) < 0) return NULL;
    return ev.str;
}

static inline int pa_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}

#endif
