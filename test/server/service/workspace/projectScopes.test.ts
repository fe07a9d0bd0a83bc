import * as assert from 'node:assert/strict';
import { isProjectMarker, ProjectScopes } from '../../../../server/src/service/workspace/projectScopes';

/*
 * Which files share a project: the nearest folder with a project marker above each, else the
 * first-level folder of the workspace folder, a file directly in it speaking for those unmarked.
 */

describe('project scopes', () => {
  it('knows the markers Python and Node projects have at their root', () => {
    const markers = ['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', 'requirements-dev.txt', 'requirements_prod.txt', 'Pipfile', 'package.json', '.git'];
    const others = ['tox.ini', 'Dockerfile', 'requirements.in', 'package-lock.json', 'setup.pyc', 'metrics.py', 'git', 'pyproject.toml.bak'];
    assert.deepEqual(markers.filter((n) => !isProjectMarker(n)), []);
    assert.deepEqual(others.filter((n) => isProjectMarker(n)), []);
  });

  const root = 'file:///repo';
  const scopes = new ProjectScopes();
  scopes.set([`${root}/`], [`${root}/.git`, `${root}/billing/pyproject.toml`, `${root}/search/requirements.txt`, `${root}/web/package.json`, `${root}/web/packages/ui/package.json`]);
  const cases: [from: string, to: string, same: boolean][] = [
    ['billing/gunicorn.conf.py', 'billing/app/metrics.py', true],
    ['billing/app/metrics.py', 'billing/gunicorn.conf.py', true],
    ['billing/gunicorn.conf.py', 'search/app/metrics.py', false],
    ['billing/gunicorn.conf.py', 'tools/report.py', false],
    ['tools/report.py', 'billing/app/metrics.py', false],
    ['gunicorn.conf.py', 'tools/report.py', true],
    ['gunicorn.conf.py', 'search/app/metrics.py', false],
    ['web/server.js', 'web/packages/ui/metrics.ts', false],
    ['web/packages/ui/a.ts', 'web/packages/ui/src/b.ts', true],
  ];
  for (const [from, to, same] of cases) {
    it(`${from} → ${to}: ${same ? 'same project' : 'another project'}`, () => {
      assert.equal(scopes.sameProject(`${root}/${from}`, `${root}/${to}`), same);
    });
  }

  it('without markers, a workspace folder holds one project per first-level folder, its own files speaking for all', () => {
    const unmarked = new ProjectScopes();
    unmarked.set(['file:///code'], []);
    assert.equal(unmarked.sameProject('file:///code/a+x/m.py', 'file:///code/a+x/sub/n.py'), true);
    assert.equal(unmarked.sameProject('file:///code/a+x/m.py', 'file:///code/b+y/n.py'), false);
    assert.equal(unmarked.sameProject('file:///code/gunicorn.conf.py', 'file:///code/b+y/n.py'), true);
    assert.equal(unmarked.sameProject('file:///code/b+y/n.py', 'file:///code/gunicorn.conf.py'), false);
  });

  it('knowing no folder and no marker, the workspace is one project', () => {
    assert.equal(new ProjectScopes().sameProject('file:///a/x.py', 'file:///b/y.py'), true);
  });
});
