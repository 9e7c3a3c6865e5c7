import csv,sys
f=sys.argv[1]; every=int(sys.argv[2]) if len(sys.argv)>2 else 100
rows=list(csv.DictReader(open(f)))
out={}
for r in rows:
    if r['phase']=='1' and int(r['iter'])%every==0:
        out.setdefault(r['member'],[]).append(f"{int(r['iter'])}:{float(r['ema_fwhm_taps']):.2f}/{float(r['fwhm_taps']):.2f}@{float(r['lr'])*1e4:.1f} b{float(r['boundary']):.3f}")
for m,v in out.items(): print('member',m,' '.join(v))
