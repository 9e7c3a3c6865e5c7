import numpy as np, nibabel as nb, sys
from scipy.ndimage import convolve1d
V=nb.load(sys.argv[1]).get_fdata(dtype=np.float32).astype(np.float64)
k=np.load('/tmp/iso/lr_g2x1_profile.npy').astype(np.float64)
if len(sys.argv)>2 and sys.argv[2]=='blur': V=convolve1d(V,k,axis=2,mode='nearest')
from skimage.filters import threshold_multiotsu
T=threshold_multiotsu(V.astype(np.float32),classes=3,nbins=256)[0]
for crit in ['centreV','none']:
  for zm in [0,15]:
    rng=np.random.default_rng(0)
    res={'fake':[], 'real':[]}
    for hax in (0,1):
        W=convolve1d(V,k,axis=hax,mode='nearest')
        Vm=np.moveaxis(V,(hax,2),(0,1)); Wm=np.moveaxis(W,(hax,2),(0,1))
        nh,nz,no=Vm.shape
        C=Vm[22:nh-23, 7:nz-8, :].copy()
        if crit=='none': C[:]=1e9
        if zm: C[:, :zm, :]=-1e9; C[:, C.shape[1]-zm:, :]=-1e9
        idx=np.argwhere(C>T)
        sel=idx[rng.integers(0,len(idx),20000)]
        for (a,b,q) in sel:
            win=Wm[a+15:a+31, b:b+16, q]
            res['fake'].append(win.T); res['real'].append(win)
    out=[]
    for n in res:
        x=np.concatenate(res[n]); P=(np.abs(np.fft.rfft(x-x.mean(1,keepdims=True),axis=1))**2).mean(0)
        out.append(P[1:])
    print(crit, 'zmargin',zm, 'real/fake power ratio', np.round(out[1]/out[0],3))
