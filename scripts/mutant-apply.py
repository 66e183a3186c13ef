#!/usr/bin/env python3
"""Apply gremlins-style mutants by hand, one at a time, and run a test command
against each: how the survivors of a gremlins run were re-checked after tests
were added (docs/mutation.md), without a full rerun.

Usage: scripts/mutant-apply.py FILE SPECS "TEST COMMAND"
  FILE   a Go file (engine/price.go)
  SPECS  a file of LINE:COLUMN@MUTATOR, one a line (MUTATOR as gremlins
         names it: CONDITIONALS_NEGATION, CONDITIONALS_BOUNDARY,
         ARITHMETIC_BASE, INVERT_NEGATIVES, INCREMENT_DECREMENT)
Prints "spec | killed|LIVED|NOT-APPLIED | the mutated line" for each and
restores FILE. A mutant is killed when the command exits non-zero.
"""
import sys, subprocess, shutil, re
path, spec_file, run = sys.argv[1], sys.argv[2], sys.argv[3]
neg = {'==':'!=','!=':'==','<':'>=','>=':'<','>':'<=','<=':'>'}
bnd = {'<':'<=','<=':'<','>':'>=','>=':'>'}
ari = {'+':'-','-':'+','*':'/','/':'*','%':'*'}
inc = {'++':'--','--':'++'}
orig = open(path).read()
lines = orig.split('\n')
results = []
for spec in open(spec_file).read().split():
    loc, kind = spec.split('@')
    ln, col = map(int, loc.split(':'))
    L = lines[ln-1]; i = col-1
    tok2, tok1 = L[i:i+2], L[i:i+1]
    new = None
    if kind == 'CONDITIONALS_NEGATION':
        t = tok2 if tok2 in neg else tok1
        if t in neg: new = L[:i] + neg[t] + L[i+len(t):]
    elif kind == 'CONDITIONALS_BOUNDARY':
        t = tok2 if tok2 in bnd else tok1
        if t in bnd: new = L[:i] + bnd[t] + L[i+len(t):]
    elif kind == 'ARITHMETIC_BASE':
        if tok1 in ari and tok2 not in ('++','--','+=','-='): new = L[:i] + ari[tok1] + L[i+1:]
    elif kind == 'INVERT_NEGATIVES':
        if tok1 == '-': new = L[:i] + '+' + L[i+1:]
    elif kind == 'INCREMENT_DECREMENT':
        if tok2 in inc: new = L[:i] + inc[tok2] + L[i+2:]
    if new is None:
        results.append((spec, 'NOT-APPLIED', L.strip()[:80])); continue
    ml = list(lines); ml[ln-1] = new
    open(path,'w').write('\n'.join(ml))
    try:
        r = subprocess.run(run, shell=True, capture_output=True, text=True, errors="replace")
    finally:
        open(path,'w').write(orig)  # restored even when this script is interrupted
    out = r.stdout + r.stderr
    status = 'killed' if r.returncode != 0 else 'LIVED'
    if 'build failed' in out or 'declared and not used' in out: status = 'not-viable'
    results.append((spec, status, new.strip()[:90]))
    open(path,'w').write(orig)
open(path,'w').write(orig)
for r in results: print(*r, sep=' | ')
