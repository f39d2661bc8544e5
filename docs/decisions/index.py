import os,re,sys
d=sys.argv[1]
rows=[]
for f in sorted(os.listdir(d)):
    if not re.match(r'^\d{4}-.*\.md$',f): continue
    lines=open(os.path.join(d,f),encoding='utf-8').read().splitlines()
    title=re.sub(r'^#\s*\d{4}\s*(—|-)?\s*','',lines[0]).strip()
    status=''
    for l in lines[:6]:
        m=re.search(r'Status:\s*([a-z]+)',l)
        if m: status=m.group(1); break
    rows.append((f[:4],title,f,status or 'accepted'))
out=['# Architecture decision records','',
'One short record per decision a newcomer would wonder about: the context, the decision, and what it costs.',
'A new record takes the next free number of its area; a decision that changes gets its record amended (say so',
'in it), not a second record. This index is rebuilt from the files\' first lines:',
'`python3 docs/decisions/index.py docs/decisions > docs/decisions/README.md`.','',
'| number | decision | status |','|---|---|---|']
for n,t,f,s in rows:
    out.append(f'| {n} | [{t.replace("|","/")}]({f}) | {s} |')
print('\n'.join(out))
