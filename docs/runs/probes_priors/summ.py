import json,sys,glob,csv
for d in sys.argv[1:]:
    for f in sorted(glob.glob(d+'/cells/*/*/seed-*/estimate/profile.json')):
        p=json.load(open(f))
        ks=[k for k in p if 'fwhm' in k or 'conver' in k or 'member' in k or 'iter' in k]
        cell=f.split('/')[-4]
        print(d.split('/')[-1], cell, {k:p[k] for k in ks if not isinstance(p[k],list) or len(p[k])<5})
