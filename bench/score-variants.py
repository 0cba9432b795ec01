"""
Scores the parser on variants of the dev set that differ only in how the text was extracted, to see whether a
rule holds beyond the files it was written for (the hidden papers are extracted by the same tools):
  dbl  — double-spaced: a blank line under every line (some PDF tools do this; a paragraph gap becomes two);
  sgl  — single blank lines dropped, runs of two or more kept as one (extraction without paragraph gaps);
  crlf — Windows line ends (must score exactly as the dev set does);
  moji — clean files with their punctuation in the GBK-font mojibake (， → 袁, 。 → 遥 …).
The variants are written to /tmp/baokan-variants/<name>/ beside a copy of the scorer, which reads the dev gold
in place. (moji: the gold says "no mojibake", so its conservation figure counts the repaired marks as lost.)
Usage: python3 bench/score-variants.py [dbl sgl crlf moji]   (run from the project root; ../shared beside it)
"""
import os, sys, shutil, re, subprocess
HERE=os.path.dirname(os.path.abspath(__file__))
PROJECT=os.path.dirname(HERE)
SRC=os.path.join(os.path.dirname(PROJECT),'shared','eval')
OUT='/tmp/baokan-variants'
MOJI = {'，':'袁','。':'遥','：':'院','、':'尧','“':'野','”':'冶','（':'渊','）':'冤','；':'曰','——':'要要'}
def variant(name, fn):
    d=f'{OUT}/{name}'
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d+'/dev')
    shutil.copy(SRC+'/score.py', d+'/score.py')
    os.symlink(SRC+'/dev/gold', d+'/dev/gold')
    for root,_,files in os.walk(SRC+'/dev/raw'):
        for f in files:
            rel=os.path.relpath(os.path.join(root,f), SRC+'/dev/raw')
            t=open(os.path.join(root,f),encoding='utf-8').read()
            os.makedirs(os.path.dirname(d+'/dev/raw/'+rel), exist_ok=True)
            open(d+'/dev/raw/'+rel,'w',encoding='utf-8').write(fn(t, rel))
def dbl(t, rel):
    lines=t.split('\n')
    blanks=sum(1 for l in lines if not l.strip())
    if blanks > 0.3*len(lines): return t
    return '\n'.join(l+'\n' if l.strip() else l for l in lines)
def sgl(t, rel):
    lines=t.split('\n'); out=[]
    i=0
    while i < len(lines):
        l=lines[i]
        if not l.strip():
            # keep runs of >=2 blank lines as one blank; drop single blanks
            j=i
            while j<len(lines) and not lines[j].strip(): j+=1
            if j-i>=2: out.append('')
            i=j; continue
        out.append(l); i+=1
    return '\n'.join(out)
def crlf(t, rel): return t.replace('\n','\r\n')
def moji(t, rel):
    if '遥' in t or '袁' in t: return t
    for k,v in MOJI.items(): t=t.replace(k,v)
    return t
VARIANTS={'dbl':dbl,'sgl':sgl,'crlf':crlf,'moji':moji}
for n in (sys.argv[1:] or list(VARIANTS)):
    variant(n, VARIANTS[n])
    r = subprocess.run([sys.executable, f'{OUT}/{n}/score.py', '--set', 'dev', '--project', PROJECT], capture_output=True, text=True)
    print(n, next((l for l in r.stdout.splitlines() if l.startswith('SUMMARY')), r.stderr[-300:]), flush=True)
