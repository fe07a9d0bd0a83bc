import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentModel, LanguageService } from '../service/languageService';

/**
 * Document models cached by URI and version: each version of a document is parsed once, from the
 * model of the version before (which the parse consumes: only the newest model is kept).
 */
export class DocumentModels {
  private readonly models = new Map<string, { version: number; model: DocumentModel | null }>();

  constructor(private readonly service: LanguageService) {}

  get(document: TextDocument): DocumentModel | null {
    const cached = this.models.get(document.uri);
    if (cached && cached.version === document.version) return cached.model;
    const model = this.service.parseDocument(document, cached?.model);
    this.models.set(document.uri, { version: document.version, model });
    return model;
  }

  forget(uri: string): void {
    this.models.delete(uri);
  }

  clear(): void {
    this.models.clear();
  }
}
