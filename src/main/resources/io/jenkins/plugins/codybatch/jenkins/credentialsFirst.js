// Empty on purpose: a script the page must fetch right after the credentials drop-downs' script, so the browser runs
// that script's start-up timer (it applies form behaviours to every drop-down already on the page) before it reads our
// drop-downs, never while one of them is half read (select.js would warn "Couldn't find the expected status element").
